// One call between extensions (SPEC CALL-1): the caller's leg, one leg per registered
// contact of the callee (forking: the first to answer wins, the others get CANCEL), and the
// relay session bridging the two media sides. Hold from either phone plays music to the
// other (the holding extension's class, EXT-2); DTMF crosses to the other leg in the form its
// extension wants; a leg that dies ends the call on both sides. When it ends the call leaves
// a record (SPEC REP-1).

import type { Clock, Timer } from "../sip/clock.ts";
import type { EndCause, Leg, LegListener, LegView } from "./leg.ts";
import type { MediaEvent, MediaSession } from "./media-port.ts";
import type { SipCalleeLeg } from "./sip-callee-leg.ts";
import type { SipCallerLeg } from "./sip-caller-leg.ts";

export type CallState = "ringing" | "answered" | "ended";

/** Why a call ended, as call records and events say it. */
export type EndReason =
  | EndCause
  | "busy"
  | "no-answer"
  | "cancelled"
  | "rejected"
  | "unavailable"
  | "failed";

export interface CallParty {
  number: string;
  displayName: string;
}

export interface CallSummary {
  id: string;
  sipCallId: string;
  caller: CallParty;
  callee: string;
  /** The extension that answered (the dialled one until forwarding exists). */
  finalCallee: string;
  startedAtMs: number;
  answeredAtMs?: number;
  endedAtMs: number;
  status: "answered" | "not-answered";
  reason: EndReason;
  /** The SIP status the caller got when the call was not answered. */
  sipStatus?: number;
  recorded: boolean;
  /** REP-1 call type: internal unless an FXO line carried it in (inbound) or out (outbound). */
  type?: "internal" | "inbound" | "outbound";
}

export interface CallView {
  id: string;
  state: CallState;
  caller: string;
  callerName: string;
  callee: string;
  startedAtMs: number;
  answeredAtMs?: number;
  legs: LegView[];
}

export interface CallHooks {
  clock: Clock;
  /** Call and extension state changes. */
  changed(call: Call, what: "ringing" | "answered" | "held" | "resumed"): void;
  legRole(call: Call, leg: Leg, role: "busy" | "ringing" | undefined): void;
  ended(call: Call, summary: CallSummary): void;
  /** The music-on-hold class of an extension (EXT-2), "default" when absent. */
  mohClass?(extension: string): string | undefined;
}

export class Call implements LegListener {
  readonly id: string;
  readonly caller: CallParty;
  readonly callee: string;
  readonly startedAtMs: number;
  state: CallState = "ringing";
  answeredAtMs: number | undefined;
  readonly session: MediaSession;
  #callerLeg: SipCallerLeg | undefined;
  #forks: SipCalleeLeg[] = [];
  #winner: SipCalleeLeg | undefined;
  #offer: Uint8Array = new Uint8Array(0);
  #callerSdp: string | undefined;
  #ringTimer: Timer | undefined;
  #statuses: number[] = [];
  readonly #hooks: CallHooks;

  constructor(
    id: string,
    caller: CallParty,
    callee: string,
    session: MediaSession,
    hooks: CallHooks,
  ) {
    this.id = id;
    this.caller = caller;
    this.callee = callee;
    this.session = session;
    this.#hooks = hooks;
    this.startedAtMs = hooks.clock.now();
    session.onEvent((event) => this.#media(event));
  }

  get callerLeg(): SipCallerLeg | undefined {
    return this.#callerLeg;
  }

  /** Starts ringing the callee's contacts; the caller's offer is answered when they answer. */
  start(
    callerLeg: SipCallerLeg,
    offer: Uint8Array,
    forks: SipCalleeLeg[],
    ringTimeoutMs: number,
  ): void {
    this.#callerLeg = callerLeg;
    this.#offer = offer;
    this.#forks = forks;
    this.#hooks.legRole(this, callerLeg, "busy");
    this.#ringTimer = this.#hooks.clock.setTimer(ringTimeoutMs, () =>
      this.#giveUp(480, "no-answer"),
    );
  }

  /** The caller sent CANCEL (RFC 3261 §9.2): 487 to it, CANCEL to every fork. */
  cancel(): void {
    this.#giveUp(487, "cancelled");
  }

  /** Ends the call from outside (shutdown, admin): BYE or CANCEL on every leg. */
  hangup(reason: EndReason = "hangup"): void {
    if (this.state === "ringing") this.#giveUp(480, reason);
    else this.#finish(reason, undefined);
  }

  view(): CallView {
    const legs: LegView[] = [];
    if (this.#callerLeg) legs.push(this.#callerLeg.view());
    for (const leg of this.#winner ? [this.#winner] : this.#forks) legs.push(leg.view());
    return {
      id: this.id,
      state: this.state,
      caller: this.caller.number,
      callerName: this.caller.displayName,
      callee: this.callee,
      startedAtMs: this.startedAtMs,
      ...(this.answeredAtMs !== undefined ? { answeredAtMs: this.answeredAtMs } : {}),
      legs,
    };
  }

  // --- LegListener -------------------------------------------------------------------------

  onRinging(leg: Leg, earlyMedia: boolean): void {
    if (this.state !== "ringing" || leg === this.#callerLeg) return;
    this.#hooks.legRole(this, leg, "ringing");
    const caller = this.#callerLeg!;
    if (earlyMedia) {
      const sdp = this.#answerCaller(leg as SipCalleeLeg);
      if (sdp) caller.progress(sdp);
    } else if (!caller.answered183) {
      caller.progress();
    }
    this.#hooks.changed(this, "ringing");
  }

  onAnswered(leg: Leg): void {
    const callee = leg as SipCalleeLeg;
    if (this.state !== "ringing") {
      callee.hangup();
      return;
    }
    const sdp = this.#answerCaller(callee);
    if (!sdp) {
      callee.hangup();
      this.#giveUp(488, "failed");
      return;
    }
    this.#ringTimer?.cancel();
    this.#winner = callee;
    for (const fork of this.#forks) {
      if (fork === callee) continue;
      fork.hangup();
      this.#hooks.legRole(this, fork, undefined);
    }
    this.#forks = [callee];
    this.#callerLeg!.answer(sdp);
    this.state = "answered";
    this.answeredAtMs = this.#hooks.clock.now();
    this.#hooks.legRole(this, callee, "busy");
    this.#hooks.changed(this, "answered");
  }

  onFailed(leg: Leg, status: number): void {
    if (leg === this.#winner) {
      this.#finish("failed", undefined);
      return;
    }
    if (leg === this.#callerLeg) return;
    this.#forks = this.#forks.filter((f) => f !== leg);
    this.#hooks.legRole(this, leg, undefined);
    this.#statuses.push(status);
    if (this.state === "ringing" && this.#forks.length === 0) {
      const best = bestStatus(this.#statuses);
      this.#giveUp(best, reasonFor(best));
    }
  }

  onEnded(leg: Leg, cause: EndCause): void {
    if (this.state === "ended") return;
    if (leg === this.#callerLeg && this.state === "ringing") {
      this.#giveUp(487, "cancelled");
      return;
    }
    if (leg === this.#callerLeg || leg === this.#winner) this.#finish(cause, undefined);
  }

  onHold(leg: Leg, holding: boolean): void {
    if (this.state !== "answered") return;
    const other = leg === this.#callerLeg ? this.session.b : this.session.a;
    // The held party hears the music of the extension that holds it (EXT-2).
    if (holding) other.startMusic(this.#hooks.mohClass?.(leg.extension) ?? "default");
    else other.stopMusic();
    this.#hooks.changed(this, holding ? "held" : "resumed");
  }

  onDigit(leg: Leg, digit: string, durationMs: number): void {
    if (this.state !== "answered") return;
    const other = leg === this.#callerLeg ? this.#winner : this.#callerLeg;
    other?.sendDigit(digit, durationMs);
  }

  // --- internals ---------------------------------------------------------------------------

  /** Our answer to the caller's offer, fixed once sent (RFC 3264 §4: one answer per offer). */
  #answerCaller(callee: SipCalleeLeg): string | undefined {
    if (this.#callerSdp) return this.#callerSdp;
    const result = this.#callerLeg!.media.answer(this.#offer, callee.media.codec?.name);
    if (result.ok) this.#callerSdp = result.sdp;
    return this.#callerSdp;
  }

  #media(event: MediaEvent): void {
    if (this.state !== "answered") return;
    const leg = event.side === "a" ? this.#callerLeg : this.#winner;
    const other = event.side === "a" ? this.#winner : this.#callerLeg;
    if (!leg || !other) return;
    if (event.type === "no-rtp") {
      // A held call is silent by design (RFC 3264 §8.4): only a live call can time out.
      if (!leg.holding && !other.holding) this.#finish("no-rtp", undefined);
      return;
    }
    // RFC 4733 to RFC 4733 the relay maps itself; INFO-minded phones get INFO.
    if (other.dtmfMode === "info") other.sendDigit(event.digit, event.durationMs);
  }

  /** Ends a call that was never answered, with `status` to the caller. */
  #giveUp(status: number, reason: EndReason): void {
    if (this.state !== "ringing") return;
    for (const fork of this.#forks) fork.hangup();
    this.#callerLeg?.hangup(status);
    this.#finish(reason, status);
  }

  #finish(reason: EndReason, sipStatus: number | undefined): void {
    if (this.state === "ended") return;
    const answered = this.state === "answered";
    this.state = "ended";
    this.#ringTimer?.cancel();
    this.#callerLeg?.hangup();
    for (const fork of this.#forks) fork.hangup();
    this.session.close();
    const legs: Leg[] = [...this.#forks];
    if (this.#callerLeg) legs.push(this.#callerLeg);
    for (const leg of legs) this.#hooks.legRole(this, leg, undefined);
    this.#hooks.ended(this, {
      id: this.id,
      sipCallId: this.#callerLeg?.incoming.request.callId ?? "",
      caller: this.caller,
      callee: this.callee,
      finalCallee: this.#winner?.extension ?? this.callee,
      startedAtMs: this.startedAtMs,
      ...(this.answeredAtMs !== undefined ? { answeredAtMs: this.answeredAtMs } : {}),
      endedAtMs: this.#hooks.clock.now(),
      status: answered ? "answered" : "not-answered",
      reason,
      ...(sipStatus !== undefined ? { sipStatus } : {}),
      recorded: false,
    });
  }
}

/** RFC 3261 §16.7 step 6, simplified: 6xx first, then busy, then the lowest class. */
export function bestStatus(statuses: readonly number[]): number {
  const global = statuses.find((s) => s >= 600);
  if (global !== undefined) return global;
  if (statuses.includes(486)) return 486;
  if (statuses.includes(488)) return 488;
  const sorted = [...statuses].sort((a, b) => a - b);
  const first = sorted[0];
  return first === undefined || first === 408 || first >= 500 ? 480 : first;
}

function reasonFor(status: number): EndReason {
  if (status === 486 || status === 600) return "busy";
  if (status === 480 || status === 408) return "no-answer";
  return "rejected";
}
