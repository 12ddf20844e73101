// A call with an analog port on at least one end (SPEC CALL-1 "IP and analog, any mix",
// DEV-2, ROUTE-2): the calling end is an FXS handset, an FXO line ringing in, or a SIP phone;
// the called end an FXS phone, an FXO line dialling out, or a SIP extension's contacts (forked,
// the first to answer wins). Audio between an analog line and a SIP phone crosses the relay's
// taps on the SIP phone's side (the relay transcodes to that phone's codec); two analog lines
// are joined frame by frame. Hold from either end plays the held party the hold tone or music.

import { TonePlayer } from "../../media/dsp/tone-player.ts";
import { every } from "../lines/clock.ts";
import type { Clock, Timer } from "../sip/clock.ts";
import { AnalogFrameQueue } from "./analog-frame-queue.ts";
import type { AnalogLeg } from "./analog-leg.ts";
import {
  bestStatus,
  type CallParty,
  type CallState,
  type CallSummary,
  type CallView,
  type EndReason,
} from "./call.ts";
import type { EndCause, Leg, LegListener, LegView } from "./leg.ts";
import type { LegMedia } from "./leg-media.ts";
import type { MediaEvent, MediaSession, MediaSide } from "./media-port.ts";
import type { SipCalleeLeg } from "./sip-callee-leg.ts";
import type { SipCallerLeg } from "./sip-caller-leg.ts";

export type CallType = "internal" | "inbound" | "outbound";

export type CallingEnd =
  | { kind: "analog"; leg: AnalogLeg }
  | { kind: "sip"; leg: SipCallerLeg; offer: Uint8Array };

export type CalledEnd =
  | { kind: "analog"; leg: AnalogLeg }
  | { kind: "sip"; forks: SipCalleeLeg[]; offer: string; media: LegMedia };

export interface AnalogCallHooks {
  clock: Clock;
  changed(call: AnalogCall, what: "ringing" | "answered" | "held" | "resumed"): void;
  legRole(call: AnalogCall, leg: Leg, role: "busy" | "ringing" | undefined): void;
  ended(call: AnalogCall, summary: CallSummary & { type: CallType }): void;
}

export class AnalogCall implements LegListener {
  readonly id: string;
  readonly caller: CallParty;
  readonly callee: string;
  readonly type: CallType;
  readonly startedAtMs: number;
  state: CallState = "ringing";
  answeredAtMs: number | undefined;
  readonly #session: MediaSession | undefined;
  readonly #hooks: AnalogCallHooks;
  #calling: CallingEnd | undefined;
  #called: CalledEnd | undefined;
  #forks: SipCalleeLeg[] = [];
  #winner: Leg | undefined;
  #statuses: number[] = [];
  #ringTimer: Timer | undefined;
  #stops: (() => void)[] = [];
  #queue: AnalogFrameQueue | undefined;
  #holdTone: (() => void) | undefined;

  constructor(
    id: string,
    caller: CallParty,
    callee: string,
    type: CallType,
    session: MediaSession | undefined,
    hooks: AnalogCallHooks,
  ) {
    this.id = id;
    this.caller = caller;
    this.callee = callee;
    this.type = type;
    this.#session = session;
    this.#hooks = hooks;
    this.startedAtMs = hooks.clock.now();
    session?.onEvent((event) => this.#media(event));
  }

  /** The SIP caller's INVITE transaction (for CANCEL), if the caller is a SIP phone. */
  get transaction(): object | undefined {
    return this.#calling?.kind === "sip" ? this.#calling.leg.incoming.transaction : undefined;
  }

  /** Whether the analog `port` ("fxs1") takes part in this call. */
  uses(port: string): boolean {
    return this.#legs().some((l) => l.kind !== "sip" && (l as AnalogLeg).port === port);
  }

  /** Starts alerting the called end; the calling end hears progress. */
  start(calling: CallingEnd, called: CalledEnd, ringTimeoutMs: number): void {
    this.#calling = calling;
    this.#called = called;
    if (calling.kind === "analog") calling.leg.listen(this);
    this.#hooks.legRole(this, calling.leg, "busy");
    this.#ringTimer = this.#hooks.clock.setTimer(ringTimeoutMs, () =>
      this.#giveUp(480, "no-answer"),
    );
    if (called.kind === "sip") {
      this.#forks = [...called.forks];
      for (const fork of called.forks) fork.start(called.offer, this.caller);
      return;
    }
    called.leg.listen(this);
    if (!called.leg.alert(this.caller)) this.#giveUp(486, "busy");
  }

  cancel(): void {
    this.#giveUp(487, "cancelled");
  }

  hangup(reason: EndReason = "hangup"): void {
    if (this.state === "ringing") this.#giveUp(480, reason);
    else this.#finish(reason, undefined);
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
      legs: this.#legs().map((l): LegView => l.view()),
    };
  }

  // --- LegListener -------------------------------------------------------------------------

  onRinging(leg: Leg): void {
    if (this.state !== "ringing" || leg === this.#calling?.leg) return;
    this.#hooks.legRole(this, leg, "ringing");
    const calling = this.#calling!;
    if (calling.kind === "analog") calling.leg.progress("ringback");
    else if (!calling.leg.answered183) calling.leg.progress();
    this.#hooks.changed(this, "ringing");
  }

  onAnswered(leg: Leg): void {
    if (this.state !== "ringing" || leg === this.#calling?.leg) {
      if (leg !== this.#calling?.leg) leg.hangup();
      return;
    }
    const calling = this.#calling!;
    if (calling.kind === "sip") {
      const prefer = this.#called?.kind === "sip" ? this.#called.media.codec?.name : undefined;
      const answer = calling.leg.media.answer(calling.offer, prefer);
      if (!answer.ok) {
        leg.hangup();
        this.#giveUp(488, "failed");
        return;
      }
      calling.leg.answer(answer.sdp);
    } else {
      calling.leg.connect();
    }
    this.#ringTimer?.cancel();
    this.#winner = leg;
    for (const fork of this.#forks) {
      if (fork === leg) continue;
      fork.hangup();
      this.#hooks.legRole(this, fork, undefined);
    }
    this.#forks = this.#forks.filter((f) => f === leg);
    this.state = "answered";
    this.answeredAtMs = this.#hooks.clock.now();
    this.#hooks.legRole(this, leg, "busy");
    this.#bridge();
    this.#hooks.changed(this, "answered");
  }

  onFailed(leg: Leg, status: number): void {
    if (leg === this.#winner) {
      this.#finish("failed", undefined);
      return;
    }
    if (leg === this.#calling?.leg) return;
    this.#forks = this.#forks.filter((f) => f !== leg);
    this.#hooks.legRole(this, leg, undefined);
    this.#statuses.push(status);
    if (this.state === "ringing" && this.#forks.length === 0) {
      const best = bestStatus(this.#statuses);
      this.#giveUp(best, best === 486 || best === 600 ? "busy" : "no-answer");
    }
  }

  onEnded(leg: Leg, cause: EndCause): void {
    if (this.state === "ended") return;
    if (leg === this.#calling?.leg && this.state === "ringing") {
      this.#giveUp(487, "cancelled");
      return;
    }
    if (leg === this.#calling?.leg || leg === this.#winner) this.#finish(cause, undefined);
    else if (this.#called?.kind === "analog" && leg === this.#called.leg)
      this.#giveUp(480, "no-answer");
  }

  onHold(leg: Leg, holding: boolean): void {
    if (this.state !== "answered") return;
    const other = this.#other(leg);
    if (!other) return;
    const side = this.#sipSide(other);
    if (side) {
      if (holding) side.startMusic();
      else {
        side.stopMusic();
        if (this.#queue) this.#stops.push(stopOf(side.play(this.#queue)));
      }
    } else {
      this.#holdTone?.();
      this.#holdTone = undefined;
      if (holding) this.#holdTone = playHoldTone(this.#hooks.clock, other as AnalogLeg);
    }
    this.#hooks.changed(this, holding ? "held" : "resumed");
  }

  onDigit(leg: Leg, digit: string, durationMs: number): void {
    if (this.state !== "answered") return;
    const other = this.#other(leg);
    // An analog handset's digits also travel in-band; only INFO-minded phones need them apart.
    if (other && (other.kind !== "sip" || (other as SipCalleeLeg).dtmfMode === "info"))
      other.sendDigit(digit, durationMs);
  }

  // --- internals ---------------------------------------------------------------------------

  #legs(): Leg[] {
    const legs: Leg[] = [];
    if (this.#calling) legs.push(this.#calling.leg);
    if (this.#winner) legs.push(this.#winner);
    else if (this.#called?.kind === "analog") legs.push(this.#called.leg);
    else legs.push(...this.#forks);
    return legs;
  }

  #other(leg: Leg): Leg | undefined {
    return leg === this.#calling?.leg ? this.#winner : this.#calling?.leg;
  }

  /** The relay side of a SIP leg of this call (a: the caller's, b: the called contacts'). */
  #sipSide(leg: Leg): MediaSide | undefined {
    if (leg.kind !== "sip" || !this.#session) return undefined;
    return leg === this.#calling?.leg ? this.#session.a : this.#session.b;
  }

  /** Joins the two ends' audio once answered. */
  #bridge(): void {
    const a = this.#calling?.leg;
    const b = this.#winner;
    if (!a || !b) return;
    if (a.kind !== "sip" && b.kind !== "sip") {
      const x = a as AnalogLeg;
      const y = b as AnalogLeg;
      this.#stops.push(x.onAudio((f) => y.write(f)));
      this.#stops.push(y.onAudio((f) => x.write(f)));
      return;
    }
    const analog = (a.kind === "sip" ? b : a) as AnalogLeg;
    const side = this.#sipSide(a.kind === "sip" ? a : b);
    if (!side) return;
    const queue = new AnalogFrameQueue();
    this.#queue = queue;
    this.#stops.push(analog.onAudio((f) => queue.push(f)));
    this.#stops.push(stopOf(side.play(queue)));
    this.#stops.push(
      side.listen((f) => {
        if (!this.#holdTone) analog.write(f);
      }),
    );
  }

  #media(event: MediaEvent): void {
    if (this.state !== "answered") return;
    const sip = event.side === "a" ? this.#calling?.leg : this.#winner;
    if (sip?.kind !== "sip") return;
    if (event.type === "no-rtp") {
      if (!sip.holding) this.#finish("no-rtp", undefined);
      return;
    }
    this.#other(sip)?.sendDigit(event.digit, event.durationMs);
  }

  #giveUp(status: number, reason: EndReason): void {
    if (this.state !== "ringing") return;
    // A SIP caller gets `status`; an analog handset hears busy or congestion tone for it.
    this.#calling?.leg.hangup(status);
    this.#finish(reason, status);
  }

  #finish(reason: EndReason, sipStatus: number | undefined): void {
    if (this.state === "ended") return;
    const answered = this.state === "answered";
    this.state = "ended";
    this.#ringTimer?.cancel();
    this.#holdTone?.();
    this.#queue?.close();
    for (const stop of this.#stops.splice(0)) stop();
    const legs = this.#legs();
    for (const leg of legs) leg.hangup();
    this.#session?.close();
    for (const leg of legs) this.#hooks.legRole(this, leg, undefined);
    const calling = this.#calling;
    this.#hooks.ended(this, {
      id: this.id,
      sipCallId: calling?.kind === "sip" ? (calling.leg.incoming.request.callId ?? "") : "",
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
      type: this.type,
    });
  }
}

function stopOf(playing: { stop(): void }): () => void {
  return () => playing.stop();
}

/** The hold tone (425 Hz, 0.4 s every 2 s) written to a held analog party every 20 ms. */
function playHoldTone(clock: Clock, leg: AnalogLeg): () => void {
  const tone = new TonePlayer({
    components: [{ freqHz: 425, levelDbm0: -18 }],
    cadenceMs: [400, 1600],
  });
  return every(clock, 20, () => leg.write(tone.nextFrame()));
}
