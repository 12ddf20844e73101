// SPEC CALL-3 confirm mode ("ask the answerer to accept; record the caller's name and play it
// to the answerer first"): the follow-me hook hands the routing step an application
// destination before the list; the engine opens it as a `FollowMeNameLeg`, which records the
// caller's name and then rings the list's first number. Each number of the list carries an
// `accept` key: whoever answers hears the name and "press 1 to confirm" (`acceptance`, asked
// by the engine) and is connected only on 1. The first number waits here under that key
// between the decision and the opening, the name from the recording to the call's end.

import type { ApplicationOpener } from "../calls/call-engine.ts";
import type { AnswerAcceptance, Destination } from "../calls/routing/destination.ts";
import type { Clock } from "../sip/clock.ts";
import { FollowMeNameLeg } from "./follow-me-name-leg.ts";

/** The application name the engine opens the name recording under. */
export const FOLLOW_ME_NAME_APP = "follow-me-name";
/** What the caller hears before saying its name (rootfs prompts.tsv). */
export const SAY_NAME_PROMPT = "conf/say-your-name";
/** What the answerer hears after the name. */
export const PRESS_1_PROMPT = "wakeup/press-1-confirm";
/** Calls in confirm mode remembered at most: the oldest name goes first. */
const MAX_KEPT = 256;

/** A number of a list that can be asked to accept. */
type Step = Extract<Destination, { kind: "extension" | "analog" | "outbound" }>;

export interface FollowMeNamesOptions {
  clock: Clock;
  /** A built-in prompt in the language of extension `number`. */
  clip(number: string, name: string): Int16Array | undefined;
}

interface Kept {
  /** The follow-me extension (its language for the answerer's prompt). */
  owner: string;
  /** The list's first number, until the name is recorded. */
  first: Step | undefined;
  name: Int16Array | undefined;
}

export class FollowMeNames {
  readonly #o: FollowMeNamesOptions;
  readonly #kept = new Map<string, Kept>();
  #next = 0;

  constructor(o: FollowMeNamesOptions) {
    this.#o = o;
  }

  /** The destination that records the caller's name, then rings `first` asking to accept. */
  hold(owner: string, first: Step): Destination {
    const key = `fm${++this.#next}`;
    this.#kept.set(key, { owner, first: { ...first, accept: { key } }, name: undefined });
    if (this.#kept.size > MAX_KEPT) {
      const oldest = this.#kept.keys().next().value;
      if (oldest !== undefined) this.#kept.delete(oldest);
    }
    return { kind: "application", number: owner, app: FOLLOW_ME_NAME_APP, argument: key };
  }

  /** The engine's opener: the name leg, which then forwards the call to the first number. */
  opener(): ApplicationOpener {
    return (destination, opening) => {
      const kept = this.#kept.get(destination.argument);
      const first = kept?.first;
      if (!kept || !first) return { status: 480 };
      kept.first = undefined;
      const ask = this.#o.clip(opening.caller.number, SAY_NAME_PROMPT);
      return new FollowMeNameLeg(opening.id, destination.number, {
        clock: this.#o.clock,
        ask: ask ? [ask] : [],
        goOn: (leg, name) => {
          kept.name = name;
          return opening.forward(leg, first);
        },
      });
    };
  }

  /** What an answerer asked to accept hears: the caller's name, then "press 1 to confirm". */
  acceptance(accept: AnswerAcceptance): Int16Array[] {
    const kept = this.#kept.get(accept.key);
    const lead = new Int16Array(4000);
    const gap = new Int16Array(2400);
    const press1 = kept ? this.#o.clip(kept.owner, PRESS_1_PROMPT) : undefined;
    return [lead, ...(kept?.name ? [kept.name, gap] : []), ...(press1 ? [press1] : [])];
  }
}
