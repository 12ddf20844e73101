// A call (SPEC CALL-1 "IP and analog, any mix"): the calling leg, the legs it rings (every
// contact of an extension, every member of a department: the first to answer wins and the
// others are hung up), and once answered one bridge between the calling leg and the winner.
// Legs may be of any kind (SIP phone or trunk, FXS, FXO, application); nothing here depends
// on which. Hold from either party plays the other the holding party's music-on-hold class;
// digits cross to the other party in the form it wants; a leg that dies ends the call. An
// unanswered outcome (busy, no answer, unavailable) may send the call on to new legs
// (forwarding); otherwise the call ends and leaves a record (SPEC REP-1).

import type { Clock, Timer } from "../sip/clock.ts";
import { Bridge } from "./bridge.ts";
import { type InCallCode, InCallCodeDetector } from "./in-call-code-detector.ts";
import {
  type CalledLeg,
  type CallingLeg,
  type CallParty,
  type EndCause,
  isJoining,
  type Leg,
  type LegListener,
  type LegView,
} from "./leg.ts";
import type { FrameSource, MediaEvent, MediaSession, PlayingAudio } from "./media-port.ts";

export type { CallParty } from "./leg.ts";

export type CallState = "ringing" | "answered" | "ended";

/** REP-1 call type: internal unless an exchange line or trunk carried it in or out. */
export type CallType = "internal" | "inbound" | "outbound";

/** Why a call ended, as call records and events say it. */
export type EndReason =
  | EndCause
  | "busy"
  | "no-answer"
  | "cancelled"
  | "rejected"
  | "unavailable"
  | "failed"
  /** Cut because the caller's money ran out (SPEC BILL-2). */
  | "insufficient-funds"
  /** Cut by the box stopping (a power loss); recorded at its next start. */
  | "interrupted";

/** What an unanswered call came to, for the routing step's outcome hooks. */
export type CallOutcome = "busy" | "no-answer" | "unavailable";

export interface CallSummary {
  id: string;
  sipCallId: string;
  caller: CallParty;
  callee: string;
  /** The party that answered, or the last one rung (forwarding changes it). */
  finalCallee: string;
  startedAtMs: number;
  answeredAtMs?: number;
  endedAtMs: number;
  status: "answered" | "not-answered";
  reason: EndReason;
  /** The SIP status the caller got when the call was not answered. */
  sipStatus?: number;
  recorded: boolean;
  type?: CallType;
  /** The trunk an inbound or outbound call used (REP-1 "trunk name"). */
  trunk?: string;
  /** The PIN an outbound call was placed with (ROUTE-2, REP-1). */
  pin?: string;
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

/** Where the legs the call rings next come from: a new destination's legs and its number. */
export interface NextLegs {
  number: string;
  legs: CalledLeg[];
  /** How long they ring; the call's ring timeout when absent (a department's hunt step). */
  ringTimeoutMs?: number;
  /** With no legs: the status the caller gets instead of the unanswered one. */
  status?: number;
}

export interface CallHooks {
  clock: Clock;
  /** Call state changes (events, recording). */
  changed(call: Call, what: "ringing" | "answered" | "held" | "resumed"): void;
  /** A leg's part in the call, for BLF. */
  legRole(call: Call, leg: Leg, role: "busy" | "ringing" | undefined): void;
  ended(call: Call, summary: CallSummary): void;
  /** The music-on-hold class of the holding party (EXT-2), "default" when absent. */
  mohClass?(leg: Leg): string | undefined;
  /** The call was not answered: new legs to ring instead (forwarding), or undefined to end. */
  outcome?(call: Call, outcome: CallOutcome): NextLegs | undefined;
  /** The in-call feature codes the box acts on now (park, transfer...), from the table. */
  inCallCodes?(): readonly InCallCode[];
  /** A party of the answered call dialled an in-call code. */
  inCall?(call: Call, leg: Leg, id: string, argument: string): void;
}

/**
 * A party that stepped aside from its answered call to consult a third (an attended transfer,
 * CALL-10): its digits and its hang-up go here instead of to the call.
 */
export interface Aside {
  digit(digit: string, durationMs: number): void;
  /** The party hung up (the transfer completes) or its leg died. */
  ended(cause: EndCause): void;
  /**
   * The other party left and the call ended: the one aside is let go, not hung up, and the
   * call's relay session (its audio, if SIP) is left open for the aside to close.
   */
  othersGone(): void;
}

/**
 * The party in the calling place: the leg that placed the call, or once a party has left an
 * answered call (park, transfer) the one that stayed, whatever kind of leg it was.
 */
type Caller = Leg & Partial<Pick<CallingLeg, "progress" | "connect">>;

export interface CallStart {
  caller: CallParty;
  /** The number dialled. */
  callee: string;
  type: CallType;
  /** The relay session, when any leg's RTP goes through the box (SIP legs). */
  session: MediaSession | undefined;
  /** The trunk that carried the call, for its record. */
  trunk?: string;
}

export class Call implements LegListener {
  readonly id: string;
  readonly caller: CallParty;
  readonly callee: string;
  readonly type: CallType;
  readonly startedAtMs: number;
  readonly session: MediaSession | undefined;
  readonly trunk: string | undefined;
  state: CallState = "ringing";
  answeredAtMs: number | undefined;
  #calling: Caller | undefined;
  #ringing: CalledLeg[] = [];
  #winner: CalledLeg | undefined;
  #rung: string;
  #bridge: Bridge | undefined;
  #ringTimer: Timer | undefined;
  #ringTimeoutMs = 0;
  #statuses: number[] = [];
  /** Ringback toward a caller already answered by an application that handed the call on. */
  #ringback: PlayingAudio | undefined;
  /** One in-call code detector per party that dialled something. */
  readonly #detectors = new Map<Leg, InCallCodeDetector>();
  readonly #hooks: CallHooks;
  /** The party consulting a third while the other is held (attended transfer). */
  #aside: { leg: Leg; aside: Aside } | undefined;

  constructor(id: string, start: CallStart, hooks: CallHooks) {
    this.id = id;
    this.caller = start.caller;
    this.callee = start.callee;
    this.#rung = start.callee;
    this.type = start.type;
    this.session = start.session;
    this.trunk = start.trunk;
    this.#hooks = hooks;
    this.startedAtMs = hooks.clock.now();
    start.session?.onEvent((event) => this.#media(event));
  }

  get callingLeg(): Leg | undefined {
    return this.#calling;
  }

  /** The leg that answered. */
  get answeringLeg(): CalledLeg | undefined {
    return this.#winner;
  }

  get bridge(): Bridge | undefined {
    return this.#bridge;
  }

  /** Every leg taking part now. */
  legs(): Leg[] {
    const legs: Leg[] = this.#calling ? [this.#calling] : [];
    return legs.concat(this.#winner ? [this.#winner] : this.#ringing);
  }

  /** Starts ringing `called`; the calling leg hears progress, then the answer. */
  start(calling: CallingLeg, called: readonly CalledLeg[], ringTimeoutMs: number): void {
    this.#calling = calling;
    this.#ringTimeoutMs = ringTimeoutMs;
    calling.listen(this);
    this.#hooks.legRole(this, calling, "busy");
    this.#ring(called);
  }

  /** The caller gave up (SIP CANCEL, RFC 3261 §9.2): 487 to it, CANCEL to every fork. */
  cancel(): void {
    this.#giveUp(487, "cancelled");
  }

  /**
   * A leg from outside answers the ringing call (pickup, CALL-8): the legs that rang stop, the
   * caller is bridged to `leg`. False when the call no longer rings.
   */
  pickUp(leg: CalledLeg): boolean {
    if (this.state !== "ringing" || !this.#calling) return false;
    this.#ringing.push(leg);
    leg.listen(this);
    if (!leg.alert(this.caller)) {
      this.#ringing = this.#ringing.filter((l) => l !== leg);
      return false;
    }
    return this.answeringLeg === leg;
  }

  /** Whether a leg matching `match` rings in this call now (not yet answered). */
  rings(match: (leg: Leg) => boolean): boolean {
    return this.state === "ringing" && this.#ringing.some((l) => l.state !== "ended" && match(l));
  }

  /** Ends the call from outside (shutdown, admin): BYE or CANCEL on every leg. */
  hangup(reason: EndReason = "hangup"): void {
    if (this.state === "ringing") this.#giveUp(480, reason);
    else this.#finish(reason, undefined);
  }

  /**
   * An answered application (an IVR) hands the call on within the same call (one record, one
   * id): it leaves, `next`'s legs ring while the caller, answered already, hears `ringback`,
   * and the first to answer is bridged to the caller. False when `from` is not the answerer.
   */
  redirect(from: Leg, next: NextLegs, ringback?: FrameSource): boolean {
    if (from !== this.#winner) return false;
    return this.handOn(from, next, { ringback, hangup: true });
  }

  /**
   * Either party of the answered call leaves it (park, transfer) and the other stays: `next`'s
   * legs ring for the one that stayed (an application answers at once), in the same call.
   * `hangup`: the leaving leg is hung up; otherwise it is only let go (it hears its own
   * announcement, then its owner hangs it up). False when `leaving` is not a party.
   */
  handOn(
    leaving: Leg,
    next: NextLegs,
    options: { ringback?: FrameSource | undefined; hangup?: boolean } = {},
  ): boolean {
    const stays = leaving === this.#winner ? this.#calling : this.#winner;
    if (
      this.state !== "answered" ||
      !stays ||
      (leaving !== this.#winner && leaving !== this.#calling)
    )
      return false;
    this.#bridge?.close();
    this.#bridge = undefined;
    this.#winner = undefined;
    // The party that stays takes the calling place: the new legs ring for it.
    this.#calling = stays;
    this.#detectors.get(leaving)?.close();
    this.#detectors.delete(leaving);
    if (options.hangup) leaving.hangup();
    this.#hooks.legRole(this, leaving, undefined);
    const calling = stays;
    const ringback = options.ringback;
    this.state = "ringing";
    this.#rung = next.number;
    if (ringback && calling.audio) this.#ringback = calling.audio.play(ringback);
    this.#ring(next.legs, next.ringTimeoutMs);
    return true;
  }

  /**
   * `leg` steps aside to consult a third party (attended transfer, CALL-10): the other party
   * hears `leg`'s music on hold; `leg`'s digits and hang-up go to `aside` until `stepBack`.
   */
  stepAside(leg: Leg, aside: Aside): boolean {
    if (this.state !== "answered" || !this.#bridge || !this.#inBridge(leg) || this.#aside)
      return false;
    this.#aside = { leg, aside };
    this.#detectors.get(leg)?.close();
    this.#bridge.hold(leg, true, this.#hooks.mohClass?.(leg) ?? "default");
    this.#hooks.changed(this, "held");
    return true;
  }

  /** The consultation is over: `leg` talks with the other party again. */
  stepBack(leg: Leg): void {
    if (this.#aside?.leg !== leg) return;
    this.#aside = undefined;
    if (this.state !== "answered" || !this.#bridge) return;
    this.#bridge.hold(leg, false, this.#hooks.mohClass?.(leg) ?? "default");
    this.#hooks.changed(this, "resumed");
  }

  /**
   * The called legs leave this call for another (an attended transfer completes): the call
   * ends and leaves its record, but they are not hung up, nor is the relay session closed
   * (their RTP runs on it). Returns the answered leg, or the legs still ringing.
   */
  detach(): CalledLeg[] {
    if (this.state === "ended") return [];
    const legs = this.#winner ? [this.#winner] : this.#ringing.filter((l) => l.state !== "ended");
    const rung = this.#winner?.extension;
    this.#winner = undefined;
    this.#ringing = [];
    if (rung) this.#rung = rung;
    this.#finish("hangup", undefined, legs);
    return legs;
  }

  /**
   * Both parties leave the answered call for calls of their own (CALL-5: *0 takes them into a
   * conference room): the call ends and leaves its record, but its legs are let go, not hung
   * up, and the relay session is left open (their RTP runs on it). Returns them, the calling
   * party first; none while a party consults a third.
   */
  letGo(): Leg[] {
    const calling = this.#calling;
    const winner = this.#winner;
    if (this.state !== "answered" || !calling || !winner || this.#aside) return [];
    this.#finish("hangup", undefined, [calling, winner]);
    return [calling, winner];
  }

  view(): CallView {
    return {
      id: this.id,
      state: this.state,
      caller: this.caller.number,
      callerName: this.caller.displayName,
      callee: this.callee,
      startedAtMs: this.startedAtMs,
      ...(this.answeredAtMs !== undefined ? { answeredAtMs: this.answeredAtMs } : {}),
      legs: this.legs().map((leg) => leg.view()),
    };
  }

  // --- LegListener -------------------------------------------------------------------------

  onRinging(leg: Leg, earlyMedia: boolean): void {
    if (this.state !== "ringing" || leg === this.#calling) return;
    this.#hooks.legRole(this, leg, "ringing");
    this.#calling?.progress?.(leg, earlyMedia);
    this.#hooks.changed(this, "ringing");
  }

  onAnswered(leg: Leg): void {
    if (leg === this.#calling) return;
    const callee = this.#ringing.find((l) => l === leg);
    if (this.state !== "ringing" || !callee) {
      leg.hangup();
      return;
    }
    this.#ringback?.stop();
    this.#ringback = undefined;
    const calling = this.#calling;
    if (!calling || (calling.connect && !calling.connect(callee))) {
      callee.hangup();
      this.#giveUp(488, "failed");
      return;
    }
    this.#ringTimer?.cancel();
    this.#winner = callee;
    for (const other of this.#ringing) {
      if (other === callee) continue;
      other.hangup();
      this.#hooks.legRole(this, other, undefined);
    }
    this.#ringing = [callee];
    this.state = "answered";
    this.answeredAtMs ??= this.#hooks.clock.now();
    this.#hooks.legRole(this, callee, "busy");
    this.#bridge = new Bridge(calling, callee);
    this.#hooks.changed(this, "answered");
    if (isJoining(callee)) callee.joined(calling);
    if (isJoining(calling)) calling.joined(callee);
  }

  onFailed(leg: Leg, status: number): void {
    if (leg === this.#winner) {
      this.#finish("failed", undefined);
      return;
    }
    if (leg === this.#calling || !this.#ringing.includes(leg as CalledLeg)) return;
    this.#ringing = this.#ringing.filter((l) => l !== leg);
    this.#hooks.legRole(this, leg, undefined);
    this.#statuses.push(status);
    if (this.state === "ringing" && this.#ringing.length === 0) this.#noneLeft();
  }

  onEnded(leg: Leg, cause: EndCause): void {
    if (this.state === "ended") return;
    const aside = this.#aside;
    if (aside?.leg === leg) {
      this.#aside = undefined;
      aside.aside.ended(cause);
      // Nothing took the party's place: the call ends as it would have.
      if (this.state === "answered" && this.#inBridge(leg)) this.#finish(cause, undefined);
      return;
    }
    if (leg === this.#calling) {
      if (this.state === "ringing") this.#giveUp(487, "cancelled");
      else this.#finish(cause, undefined);
      return;
    }
    if (leg === this.#winner) {
      this.#finish(cause, undefined);
      return;
    }
    // A called handset or line that gave up before answering (the port failed).
    if (this.state === "ringing" && this.#ringing.includes(leg as CalledLeg))
      this.onFailed(leg, 480);
  }

  onHold(leg: Leg, holding: boolean): void {
    if (this.state !== "answered" || !this.#bridge || !this.#inBridge(leg)) return;
    // A consulting party's own hold keeps the other party on music all the same.
    if (this.#aside?.leg === leg) return;
    // The held party hears the music of the party that holds it (EXT-2).
    this.#bridge.hold(leg, holding, this.#hooks.mohClass?.(leg) ?? "default");
    this.#hooks.changed(this, holding ? "held" : "resumed");
  }

  onDigit(leg: Leg, digit: string, durationMs: number): void {
    if (this.state !== "answered" || !this.#bridge || !this.#inBridge(leg)) return;
    const other = this.#bridge.other(leg);
    if (this.#aside?.leg === leg) {
      this.#aside.aside.digit(digit, durationMs);
      return;
    }
    this.#detect(leg, other, digit);
    // The code just dialled may have taken the party out of the call (park).
    if (!this.#inBridge(leg)) return;
    // Digits heard in an analog party's audio reach the other party with it; only a party
    // that takes no digits from audio (SIP INFO, an application) needs them signalled.
    if (!leg.digitsInBand || other.wantsDigits) other.sendDigit(digit, durationMs);
  }

  // --- internals ---------------------------------------------------------------------------

  #inBridge(leg: Leg): boolean {
    return leg === this.#bridge?.a || leg === this.#bridge?.b;
  }

  /**
   * Feeds `leg`'s in-call code detector; a code it completes goes to the engine. Keys for an
   * application (a PIN, a menu choice, a conference admin's 0 ... ** ) are its own, not codes.
   */
  #detect(leg: Leg, other: Leg, digit: string): void {
    const codes = this.#hooks.inCallCodes;
    const act = this.#hooks.inCall;
    if (!codes || !act || other.kind === "application") return;
    let detector = this.#detectors.get(leg);
    if (!detector) {
      detector = new InCallCodeDetector(this.#hooks.clock, codes, (id, argument) => {
        if (this.state === "answered" && this.#inBridge(leg)) act(this, leg, id, argument);
      });
      this.#detectors.set(leg, detector);
    }
    detector.digit(digit);
  }

  #ring(called: readonly CalledLeg[], ringTimeoutMs = this.#ringTimeoutMs): void {
    this.#ringing = [...called];
    this.#statuses = [];
    this.#ringTimer?.cancel();
    this.#ringTimer = this.#hooks.clock.setTimer(ringTimeoutMs, () => this.#ringTimeUp());
    for (const leg of called) leg.listen(this);
    for (const leg of called) {
      // An application answers at once: the rest need not ring.
      if (this.state !== "ringing") break;
      if (leg.state === "ended") continue;
      if (!leg.alert(this.caller)) this.onFailed(leg, 486);
    }
    if (this.state === "ringing" && this.#ringing.length === 0) this.#noneLeft();
  }

  /** The ring time ran out: no answer, unless a party that answered is still deciding. */
  #ringTimeUp(): void {
    if (this.#ringing.some((l) => l.deciding && l.state !== "ended")) {
      this.#ringTimer = this.#hooks.clock.setTimer(1000, () => this.#ringTimeUp());
      return;
    }
    this.#unanswered("no-answer", 480);
  }

  /** Every rung leg failed: the best status says busy, no answer or refused. */
  #noneLeft(): void {
    const best = bestStatus(this.#statuses);
    const reason = reasonFor(best);
    if (reason === "busy" || reason === "no-answer") this.#unanswered(reason, best);
    else this.#giveUp(best, reason);
  }

  /** Busy or no answer: the outcome hooks may send the call on, else it ends. */
  #unanswered(outcome: CallOutcome, status: number): void {
    if (this.state !== "ringing") return;
    const next = this.#hooks.outcome?.(this, outcome);
    if (!next || next.legs.length === 0) {
      this.#giveUp(next?.status ?? status, outcome);
      return;
    }
    for (const leg of this.#ringing) {
      leg.hangup();
      this.#hooks.legRole(this, leg, undefined);
    }
    this.#rung = next.number;
    this.#ring(next.legs, next.ringTimeoutMs);
  }

  #media(event: MediaEvent): void {
    if (this.state === "ringing" && event.type === "digit") {
      // An answerer asked to accept the call (follow-me's press 1) keys on its relay side.
      for (const leg of this.#ringing)
        if (leg.relaySide === event.side) leg.digitWhileRinging?.(event.digit, event.durationMs);
      return;
    }
    if (this.state !== "answered" || !this.#bridge) return;
    const leg = this.legs().find((l) => l.relaySide === event.side);
    if (!leg) return;
    const other = this.#bridge.other(leg);
    if (event.type === "no-rtp") {
      // A held call is silent by design (RFC 3264 §8.4): only a live call can time out.
      if (!leg.holding && !other.holding && !this.#aside) this.#finish("no-rtp", undefined);
      return;
    }
    if (this.#aside?.leg === leg) {
      this.#aside.aside.digit(event.digit, event.durationMs);
      return;
    }
    this.#detect(leg, other, event.digit);
    if (!this.#inBridge(leg)) return;
    // RFC 4733 to RFC 4733 the relay maps itself; INFO phones, lines and applications need
    // the digit signalled.
    if (other.relaySide === undefined || other.wantsDigits)
      other.sendDigit(event.digit, event.durationMs);
  }

  /** Ends a call that was never answered, with `status` to the caller. */
  #giveUp(status: number, reason: EndReason): void {
    if (this.state !== "ringing") return;
    for (const leg of this.#ringing) leg.hangup();
    // A SIP caller gets `status`; a handset hears busy or congestion tone for it.
    this.#calling?.hangup(status);
    this.#finish(reason, status);
  }

  /** `kept`: legs leaving for another call (`detach`, `letGo`), whose relay session stays open. */
  #finish(reason: EndReason, sipStatus: number | undefined, kept?: readonly Leg[]): void {
    if (this.state === "ended") return;
    // Answered by someone, an application handing the call on included.
    const answered = this.answeredAtMs !== undefined;
    this.state = "ended";
    this.#ringTimer?.cancel();
    this.#ringback?.stop();
    for (const detector of this.#detectors.values()) detector.close();
    this.#detectors.clear();
    this.#bridge?.close();
    // A party consulting a third stays with it when the held party hangs up.
    const aside = this.#aside;
    this.#aside = undefined;
    const legs = this.legs().filter((leg) => leg !== aside?.leg);
    for (const leg of legs) if (!kept?.includes(leg)) leg.hangup();
    // The relay session carries a consulting party's audio still: its consultation closes it.
    if (!kept && !aside) this.session?.close();
    // Legs kept for another call take their part there anew.
    for (const leg of new Set([...legs, ...(kept ?? [])]))
      this.#hooks.legRole(this, leg, undefined);
    aside?.aside.othersGone();
    // An application that puts the caller through (a queue) names who answered, and when. A
    // caller who left it before anyone did was answered by the box alone: not answered.
    const through = this.#winner?.answeredBy?.();
    const leftWaiting = this.#winner?.answeredBy !== undefined && through === undefined;
    const answeredAtMs = leftWaiting ? undefined : (through?.atMs ?? this.answeredAtMs);
    this.#hooks.ended(this, {
      id: this.id,
      sipCallId: this.#calling?.sipCallId ?? "",
      caller: this.caller,
      callee: this.callee,
      finalCallee: through?.extension ?? this.#winner?.extension ?? this.#rung,
      startedAtMs: this.startedAtMs,
      ...(answeredAtMs !== undefined ? { answeredAtMs } : {}),
      endedAtMs: this.#hooks.clock.now(),
      status: answered && !leftWaiting ? "answered" : "not-answered",
      reason,
      ...(sipStatus !== undefined ? { sipStatus } : {}),
      recorded: through?.recorded ?? false,
      type: this.type,
      ...(this.trunk !== undefined ? { trunk: this.trunk } : {}),
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
