// SPEC CALL-6 (manual 寻呼与对讲): what dialling a paging group's number does (*50 / *51 +
// one extension are rung by the engine itself, as a call with auto-answer headers). The router
// asks `application` first, so group numbers are `paging` application destinations; the engine
// opens a `PagingLeg` for the caller (`open`). Once the caller is connected the box calls every member's IP phone with
// the auto-answer headers of its vendor (`callMember`: the engine's `callFromBox` with
// `autoAnswer`), so nobody presses answer, and puts everyone into one `ConferenceRoom`: the
// caller is heard by all; in simplex (a page, a simplex group) members are muted, so they only
// listen; in duplex (intercom, a duplex group) they are heard too. The page ends when the
// caller hangs up, or when no member's call is left.

import type { Clock } from "../../sip/clock.ts";
import type { ApplicationOpener } from "../call-engine.ts";
import { ConferenceRoom } from "../conference/conference-room.ts";
import { InviteLeg } from "../conference/invite-leg.ts";
import type { CallingLeg, CallParty, PartyAudio } from "../leg.ts";
import type { PagingGroup, PagingMode } from "./paging-group-store.ts";
import { PagingLeg } from "./paging-leg.ts";

/** The application name of paging destinations (`CallEngineOptions.applications`). */
export const PAGING_APP = "paging";

/** Whom a page calls and how. */
export interface PagingTarget {
  number: string;
  mode: PagingMode;
  members: readonly string[];
}

export interface PagingCallsOptions {
  clock: Clock;
  group(number: string): PagingGroup | undefined;
  /** Only IP extensions can auto-answer (the manual: analog phones cannot be paged). */
  isIpExtension(number: string): boolean;
  /** Whether the extension has a registered phone to ring. */
  registered(number: string): boolean;
  /** Whether the extension takes no calls now (DND, manual 免打扰): it is not paged. */
  refusesCalls?(number: string): boolean;
  /** Calls a member with `leg` as the box's side, asking its phone to answer by itself. */
  callMember(member: string, leg: CallingLeg, from: CallParty): Promise<{ ok: boolean }>;
  log?(message: string, fields: Record<string, unknown>): void;
}

interface Page {
  readonly room: ConferenceRoom;
  readonly calls: Map<string, InviteLeg>;
}

export class PagingCalls {
  readonly #o: PagingCallsOptions;
  readonly #pages = new Map<string, Page>();

  constructor(options: PagingCallsOptions) {
    this.#o = options;
  }

  /** The router's question: is `number` a paging group's? */
  application(number: string): { app: string; argument: string } | undefined {
    if (this.#o.group(number)) return { app: PAGING_APP, argument: `group:${number}` };
    return undefined;
  }

  /** What a `paging` destination's argument asks for. */
  target(argument: string): PagingTarget | undefined {
    const [kind, number = ""] = argument.split(":");
    if (kind !== "group") return undefined;
    const group = this.#o.group(number);
    return group && { number, mode: group.mode, members: group.members };
  }

  /** The engine's opener for `paging` destinations. */
  readonly open: ApplicationOpener = (destination, opening) => {
    const target = this.target(destination.argument);
    if (!target) return { status: 404 };
    const caller = opening.caller.number;
    const members = target.members.filter(
      (m) =>
        m !== caller &&
        this.#o.isIpExtension(m) &&
        this.#o.registered(m) &&
        !this.#o.refusesCalls?.(m),
    );
    // Nobody to page: the caller hears the phones are not there rather than silence.
    if (members.length === 0) return { status: 480 };
    return new PagingLeg(opening.id, destination.number, {
      start: (leg, audio) => this.#start(leg, audio, target.mode, members),
      ended: (leg) => this.#end(leg.id),
    });
  };

  /** Pages under way, for the logs and tests: who is connected in each. */
  live(): { id: string; members: string[] }[] {
    return [...this.#pages].map(([id, page]) => ({
      id,
      members: page.room.participants().map((p) => p.number),
    }));
  }

  #start(leg: PagingLeg, audio: PartyAudio, mode: PagingMode, members: readonly string[]): void {
    const room = new ConferenceRoom(`page-${leg.id}`, {
      clock: this.#o.clock,
      waitForAdmin: false,
      music: () => ({ nextFrame: () => undefined }),
      clip: () => undefined,
    });
    const page: Page = { room, calls: new Map() };
    this.#pages.set(leg.id, page);
    const from = { number: leg.callerNumber, displayName: leg.callerName };
    room.join({ id: leg.id, ...from, admin: true, audio, hangup: () => leg.end() });
    this.#o.log?.("page started", { caller: from.number, to: leg.extension, mode, members });
    const over = (member: string) => {
      page.calls.delete(member);
      if (page.calls.size === 0 && this.#pages.get(leg.id) === page) leg.end();
    };
    let n = 0;
    for (const member of members) {
      const call = new InviteLeg(`${leg.id}-p${++n}`, leg.extension, {
        answered: (peer) => {
          if (!peer.audio || this.#pages.get(leg.id) !== page) return;
          room.join({
            id: call.id,
            number: member,
            displayName: "",
            admin: false,
            audio: peer.audio,
            hangup: () => call.drop(),
          });
          // Simplex: the member hears the caller but is not heard (单工: 成员只能听).
          if (mode === "simplex") room.mute(call.id, true);
        },
        ended: () => {
          room.leave(call.id);
          over(member);
        },
      });
      page.calls.set(member, call);
      void this.#o.callMember(member, call, from).then((placed) => {
        if (!placed.ok) over(member);
      });
    }
  }

  #end(id: string): void {
    const page = this.#pages.get(id);
    if (!page) return;
    this.#pages.delete(id);
    for (const call of [...page.calls.values()]) call.drop();
    page.room.leave(id);
    this.#o.log?.("page ended", { id });
  }
}
