// An application leg (DESIGN "legs (SIP, FXS, FXO, application)"): the box itself answers
// the calling phone, speaks a sequence of prompts through the relay's play tap and hangs up
// (RFC 3261 §15.1.1 BYE). Used by the information codes of SPEC CALL-15 (**11, **12, **13).
// The caller may hang up first; either way the call leaves a record (REP-1).

import { PromptPlayer } from "../../../media/play/prompt-player.ts";
import type { Clock } from "../../sip/clock.ts";
import type { CallParty, CallSummary, CallView } from "../call.ts";
import type { EndCause, Leg, LegListener, LegView } from "../leg.ts";
import type { MediaSession, PlayingAudio } from "../media-port.ts";
import type { SipCallerLeg } from "../sip-caller-leg.ts";

/** Silence before the first word, so the phone's audio path is up when speech starts. */
export const LEAD_IN_MS = 500;
/** Silence after the last word before BYE, so the end is not clipped by jitter buffers. */
export const TAIL_MS = 300;

export interface ApplicationCallHooks {
  clock: Clock;
  ended(id: string, summary: CallSummary): void;
}

export class AnnouncementCall implements LegListener {
  readonly id: string;
  readonly startedAtMs: number;
  #state: "ringing" | "answered" | "ended" = "ringing";
  #answeredAtMs: number | undefined;
  #leg: SipCallerLeg | undefined;
  #playing: PlayingAudio | undefined;
  readonly #caller: CallParty;
  readonly #dialled: string;
  readonly #session: MediaSession;
  readonly #clips: readonly Int16Array[];
  readonly #hooks: ApplicationCallHooks;

  constructor(
    id: string,
    caller: CallParty,
    dialled: string,
    session: MediaSession,
    clips: readonly Int16Array[],
    hooks: ApplicationCallHooks,
  ) {
    this.id = id;
    this.#caller = caller;
    this.#dialled = dialled;
    this.#session = session;
    this.#clips = clips;
    this.#hooks = hooks;
    this.startedAtMs = hooks.clock.now();
  }

  /** Answers the phone with `sdp` and starts speaking; BYE once everything is said. */
  start(leg: SipCallerLeg, sdp: string): void {
    this.#leg = leg;
    leg.answer(sdp);
    this.#state = "answered";
    this.#answeredAtMs = this.#hooks.clock.now();
    const lead = new Int16Array((LEAD_IN_MS * 8000) / 1000);
    const tail = new Int16Array((TAIL_MS * 8000) / 1000);
    this.#playing = this.#session.a.play(new PromptPlayer([lead, ...this.#clips, tail]));
    void this.#playing.done.then(() => this.#finish("hangup"));
  }

  /** Ends the call from outside (shutdown). */
  hangup(): void {
    this.#finish("hangup");
  }

  view(): CallView {
    const legs: LegView[] = this.#leg ? [this.#leg.view()] : [];
    legs.push({
      id: `${this.id}-app`,
      kind: "application",
      extension: this.#dialled,
      state: this.#state === "ringing" ? "calling" : this.#state,
      holding: false,
    });
    return {
      id: this.id,
      state: this.#state,
      caller: this.#caller.number,
      callerName: this.#caller.displayName,
      callee: this.#dialled,
      startedAtMs: this.startedAtMs,
      ...(this.#answeredAtMs !== undefined ? { answeredAtMs: this.#answeredAtMs } : {}),
      legs,
    };
  }

  onEnded(_leg: Leg, cause: EndCause): void {
    this.#finish(cause);
  }

  onRinging(): void {}
  onAnswered(): void {}
  onFailed(): void {}
  onHold(): void {}
  onDigit(): void {}

  #finish(reason: EndCause): void {
    if (this.#state === "ended") return;
    const answered = this.#state === "answered";
    this.#state = "ended";
    this.#playing?.stop();
    this.#leg?.hangup();
    this.#session.close();
    this.#hooks.ended(this.id, {
      id: this.id,
      sipCallId: this.#leg?.incoming.request.callId ?? "",
      caller: this.#caller,
      callee: this.#dialled,
      finalCallee: this.#dialled,
      startedAtMs: this.startedAtMs,
      ...(this.#answeredAtMs !== undefined ? { answeredAtMs: this.#answeredAtMs } : {}),
      endedAtMs: this.#hooks.clock.now(),
      status: answered ? "answered" : "not-answered",
      reason,
      recorded: false,
    });
  }
}
