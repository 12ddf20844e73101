// SPEC VOICE-2 "play on extension": the box calls an extension (every registered contact,
// the first to answer wins, RFC 3261 §16.7-style forking done by the B2BUA), plays a prompt
// when it answers and hangs up. An outbound application call: the box is the caller.

import { PromptPlayer } from "../../../media/play/prompt-player.ts";
import type { Timer } from "../../sip/clock.ts";
import type { CallParty, CallView } from "../call.ts";
import type { EndCause, Leg, LegListener, LegView } from "../leg.ts";
import type { MediaSession, PlayingAudio } from "../media-port.ts";
import type { SipCalleeLeg } from "../sip-callee-leg.ts";
import { type ApplicationCallHooks, LEAD_IN_MS, TAIL_MS } from "./announcement-call.ts";

export class PromptCall implements LegListener {
  readonly id: string;
  readonly startedAtMs: number;
  #state: "ringing" | "answered" | "ended" = "ringing";
  #answeredAtMs: number | undefined;
  #forks: SipCalleeLeg[] = [];
  #winner: SipCalleeLeg | undefined;
  #playing: PlayingAudio | undefined;
  #ringTimer: Timer | undefined;
  readonly #from: CallParty;
  readonly #extension: string;
  readonly #session: MediaSession;
  readonly #clip: Int16Array;
  readonly #hooks: ApplicationCallHooks;

  constructor(
    id: string,
    from: CallParty,
    extension: string,
    session: MediaSession,
    clip: Int16Array,
    hooks: ApplicationCallHooks,
  ) {
    this.id = id;
    this.#from = from;
    this.#extension = extension;
    this.#session = session;
    this.#clip = clip;
    this.#hooks = hooks;
    this.startedAtMs = hooks.clock.now();
  }

  /** Rings every contact with `offer`; gives up after `ringTimeoutMs`. */
  start(forks: SipCalleeLeg[], offer: string, ringTimeoutMs: number): void {
    this.#forks = forks;
    this.#ringTimer = this.#hooks.clock.setTimer(ringTimeoutMs, () => this.#finish("hangup"));
    for (const fork of forks) fork.start(offer, this.#from);
  }

  hangup(): void {
    this.#finish("hangup");
  }

  view(): CallView {
    const legs: LegView[] = [
      {
        id: `${this.id}-app`,
        kind: "application",
        extension: "",
        state: "answered",
        holding: false,
      },
      ...(this.#winner ? [this.#winner] : this.#forks).map((f) => f.view()),
    ];
    return {
      id: this.id,
      state: this.#state,
      caller: this.#from.number,
      callerName: this.#from.displayName,
      callee: this.#extension,
      startedAtMs: this.startedAtMs,
      ...(this.#answeredAtMs !== undefined ? { answeredAtMs: this.#answeredAtMs } : {}),
      legs,
    };
  }

  onAnswered(leg: Leg): void {
    const callee = leg as SipCalleeLeg;
    if (this.#state !== "ringing") {
      callee.hangup();
      return;
    }
    this.#ringTimer?.cancel();
    this.#winner = callee;
    for (const fork of this.#forks) if (fork !== callee) fork.hangup();
    this.#forks = [callee];
    this.#state = "answered";
    this.#answeredAtMs = this.#hooks.clock.now();
    const lead = new Int16Array((LEAD_IN_MS * 8000) / 1000);
    const tail = new Int16Array((TAIL_MS * 8000) / 1000);
    this.#playing = this.#session.b.play(new PromptPlayer([lead, this.#clip, tail]));
    void this.#playing.done.then(() => this.#finish("hangup"));
  }

  onFailed(leg: Leg): void {
    this.#forks = this.#forks.filter((f) => f !== leg);
    if (this.#state === "ringing" && this.#forks.length === 0) this.#finish("hangup");
    else if (leg === this.#winner) this.#finish("hangup");
  }

  onEnded(leg: Leg, cause: EndCause): void {
    if (leg === this.#winner) this.#finish(cause);
  }

  onRinging(): void {}
  onHold(): void {}
  onDigit(): void {}

  #finish(reason: EndCause): void {
    if (this.#state === "ended") return;
    const answered = this.#state === "answered";
    this.#state = "ended";
    this.#ringTimer?.cancel();
    this.#playing?.stop();
    for (const fork of this.#forks) fork.hangup();
    this.#session.close();
    this.#hooks.ended(this.id, {
      id: this.id,
      sipCallId: "",
      caller: this.#from,
      callee: this.#extension,
      finalCallee: this.#extension,
      startedAtMs: this.startedAtMs,
      ...(this.#answeredAtMs !== undefined ? { answeredAtMs: this.#answeredAtMs } : {}),
      endedAtMs: this.#hooks.clock.now(),
      status: answered ? "answered" : "not-answered",
      reason,
      recorded: false,
    });
  }
}
