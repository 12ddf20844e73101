// An analog trunk on an FXO port (SPEC DEV-2, STAT-3): validated ringing becomes one
// incoming(callerId) event with the caller ID decoded from the on-hook audio (FSK between the
// first and second ring, or DTMF before the first); seize and dial out by DTMF; the far end's
// hang-up is detected by loop-current drop, polarity reversal (where the exchange signals that
// way) or busy tone; audio with the trunk's gains. The call engine drives it.
import type { FxoEvent, FxoPort } from "../../board/fxo/fxo.ts";
import { fail, ok, type Result } from "../../board/result.ts";
import { generateDtmfSequence } from "../../media/dsp/dtmf-generator.ts";
import { applyGainDb } from "../../media/dsp/gain.ts";
import { BusyToneDetector, frameKind, toneFrequencies } from "./call-progress.ts";
import { type CallerId, decodeCallerIdAudio } from "./caller-id-audio.ts";
import { type Clock, every } from "./clock.ts";
import { FRAME_MS, toFrames } from "./pcm-frames.ts";
import type { LineFault, PortState } from "./port-state.ts";

export interface FxoLineSettings {
  readonly country: string;
  readonly rxGainDb: number;
  readonly txGainDb: number;
  /** Exchanges that reverse polarity to signal clear-down (not at answer). */
  readonly hangupOnPolarityReversal: boolean;
  readonly busyToneDetection: boolean;
  readonly dtmfToneMs: number;
  readonly dtmfGapMs: number;
}

export const DEFAULT_FXO_SETTINGS: FxoLineSettings = {
  country: "cn",
  rxGainDb: 0,
  txGainDb: 0,
  hangupOnPolarityReversal: false,
  busyToneDetection: true,
  dtmfToneMs: 100,
  dtmfGapMs: 100,
};

export type FarEndHangupReason = "loop-current-drop" | "polarity-reversal" | "busy-tone";

export type FxoLineEvent =
  | { readonly type: "incoming"; readonly callerId: CallerId | null }
  /** The caller gave up (or another device answered) before the box did. */
  | { readonly type: "ringing-ended" }
  | { readonly type: "far-end-hangup"; readonly reason: FarEndHangupReason }
  | { readonly type: "digits-sent"; readonly digits: string }
  | { readonly type: "state"; readonly state: PortState; readonly fault: LineFault | null };

export interface FxoLineOptions {
  readonly port: FxoPort;
  readonly clock: Clock;
  readonly settings?: () => FxoLineSettings;
}

type Phase = "idle" | "ringing" | "seized" | "connected" | "faulty";

const STATE_OF_PHASE: Record<Phase, PortState> = {
  idle: "idle",
  ringing: "ringing",
  seized: "off-hook",
  connected: "in-use",
  faulty: "faulty",
};

/** On-hook audio kept for a DTMF caller ID sent before the first ring. */
const PRE_RING_FRAMES = 150;
/** Quiet frames after caller ID audio that mean the transmission is over. */
const CID_END_QUIET_FRAMES = 5;

export class FxoLine {
  readonly kind = "fxo";
  readonly index: number;
  private phase: Phase = "idle";
  private reported: PortState = "idle";
  private readonly listeners = new Set<(e: FxoLineEvent) => void>();
  private readonly audioListeners = new Set<(frame: Int16Array) => void>();
  private readonly settings: () => FxoLineSettings;
  private readonly preRing: Int16Array[] = [];
  private betweenRings: Int16Array[] | null = null;
  private cidHeard = false;
  private quietFrames = 0;
  private callerId: CallerId | null = null;
  private announced = false;
  private busy: BusyToneDetector;
  private stopDialling: (() => void) | null = null;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly o: FxoLineOptions) {
    this.index = o.port.index;
    this.settings = o.settings ?? (() => DEFAULT_FXO_SETTINGS);
    this.busy = new BusyToneDetector(this.settings().country);
    this.unsubscribe.push(o.port.onEvent((e) => this.onPortEvent(e)));
    this.unsubscribe.push(o.port.onAudio((f) => this.onPortAudio(f)));
    if (o.port.state().fault) this.phase = "faulty";
    this.reported = STATE_OF_PHASE[this.phase];
  }

  state(): PortState {
    return STATE_OF_PHASE[this.phase];
  }

  fault(): LineFault | null {
    const f = this.o.port.state().fault;
    return f ? { reason: f.reason, detail: f.detail } : null;
  }

  /** A cable to the exchange is plugged in (battery voltage seen). */
  lineConnected(): boolean {
    return this.o.port.state().lineConnected;
  }

  on(listener: (event: FxoLineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Audio from the exchange, rx gain applied, while the line is off-hook. */
  onAudio(listener: (frame: Int16Array) => void): () => void {
    this.audioListeners.add(listener);
    return () => this.audioListeners.delete(listener);
  }

  /** Answers a ringing line: goes off-hook and the call is connected. */
  answer(): Result<void> {
    if (this.phase !== "ringing") return fail("invalid-state", `FXO ${this.index} is not ringing`);
    const r = this.takeLine();
    if (r.ok) this.setPhase("connected");
    return r;
  }

  /** Takes the line to dial out. */
  seize(): Result<void> {
    if (this.phase === "faulty") return fail("port-faulty", `FXO ${this.index} is faulty`);
    if (this.phase !== "idle") return fail("invalid-state", `FXO ${this.index} is in use`);
    const r = this.takeLine();
    if (r.ok) this.setPhase("seized");
    return r;
  }

  /** Dials by DTMF on a seized line; "digits-sent" follows when the last tone has played. */
  dialDigits(digits: string): Result<void> {
    if (this.phase !== "seized" && this.phase !== "connected")
      return fail("invalid-state", `FXO ${this.index} is not off-hook`);
    if (!/^[0-9*#A-Da-d]+$/.test(digits))
      return fail("invalid-argument", "digits must be 0-9, *, #, A-D", "digits");
    const s = this.settings();
    const frames = toFrames(generateDtmfSequence(digits, s.dtmfToneMs, s.dtmfGapMs));
    this.stopDialling?.();
    let i = 0;
    const send = (): void => {
      const frame = frames[i++];
      if (!frame) {
        this.stopDialling?.();
        this.stopDialling = null;
        this.emit({ type: "digits-sent", digits });
        return;
      }
      this.o.port.writeAudio(frame);
    };
    this.stopDialling = every(this.o.clock, FRAME_MS, send);
    send();
    return ok(undefined);
  }

  /** The far end answered an outgoing call (the engine decides: answer supervision or timing). */
  connect(): void {
    if (this.phase === "seized") this.setPhase("connected");
  }

  /** Releases the line. */
  hangup(): void {
    if (this.phase !== "seized" && this.phase !== "connected") return;
    this.stopDialling?.();
    this.stopDialling = null;
    this.o.port.release();
    this.setPhase("idle");
  }

  /** One 20 ms frame to the exchange (tx gain applied) while off-hook and not dialling. */
  writeAudio(frame: Int16Array): void {
    if ((this.phase !== "connected" && this.phase !== "seized") || this.stopDialling) return;
    this.o.port.writeAudio(applyGainDb(frame, this.settings().txGainDb));
  }

  close(): void {
    this.stopDialling?.();
    for (const u of this.unsubscribe) u();
  }

  // --- internals ------------------------------------------------------------------------------

  private takeLine(): Result<void> {
    const r = this.o.port.seize();
    if (!r.ok) return r;
    this.busy = new BusyToneDetector(this.settings().country);
    this.betweenRings = null;
    return ok(undefined);
  }

  private onPortEvent(e: FxoEvent): void {
    switch (e.type) {
      case "ring-start":
        if (this.phase !== "idle" && this.phase !== "ringing") return;
        if (e.burst === 1 || this.phase === "idle") this.firstRing();
        else this.announce();
        return;
      case "ring-stop":
        if (this.phase === "ringing" && !this.announced) {
          this.betweenRings = [];
          this.cidHeard = false;
          this.quietFrames = 0;
        }
        return;
      case "ringing-ended":
        if (this.phase !== "ringing") return;
        this.betweenRings = null;
        this.setPhase("idle");
        if (this.announced) this.emit({ type: "ringing-ended" });
        return;
      case "disconnect":
        this.farEndHangup(e.reason);
        return;
      case "polarity-reversal":
        if (this.settings().hangupOnPolarityReversal) this.farEndHangup("polarity-reversal");
        return;
      case "fault":
        this.stopDialling?.();
        this.stopDialling = null;
        this.setPhase("faulty");
        return;
      case "line-status":
        return;
    }
  }

  private firstRing(): void {
    this.announced = false;
    this.callerId = this.preRing.length > 0 ? decodeCallerIdAudio(this.preRing) : null;
    this.preRing.length = 0;
    this.setPhase("ringing");
    // A DTMF caller ID came before the ring: nothing more to wait for.
    if (this.callerId) this.announce();
  }

  private announce(): void {
    if (this.announced) return;
    if (!this.callerId && this.betweenRings && this.betweenRings.length > 0)
      this.callerId = decodeCallerIdAudio(this.betweenRings);
    this.betweenRings = null;
    this.announced = true;
    this.emit({ type: "incoming", callerId: this.callerId });
  }

  private farEndHangup(reason: FarEndHangupReason): void {
    if (this.phase !== "seized" && this.phase !== "connected") return;
    this.hangup();
    this.emit({ type: "far-end-hangup", reason });
  }

  private onPortAudio(raw: Int16Array): void {
    if (this.phase === "idle" || this.phase === "ringing") {
      this.onHookAudio(raw);
      return;
    }
    if (this.phase !== "seized" && this.phase !== "connected") return;
    const frame = applyGainDb(raw, this.settings().rxGainDb);
    if (this.settings().busyToneDetection && this.busy.push(frame)) {
      this.farEndHangup("busy-tone");
      return;
    }
    for (const l of this.audioListeners) l(frame);
  }

  /** Caller ID capture: before the first ring, and between the first and second. */
  private onHookAudio(frame: Int16Array): void {
    if (this.phase === "idle") {
      this.preRing.push(frame);
      if (this.preRing.length > PRE_RING_FRAMES) this.preRing.shift();
      return;
    }
    if (!this.betweenRings) return;
    this.betweenRings.push(frame);
    const quiet = frameKind(frame, toneFrequencies(this.settings().country)) === "quiet";
    if (!quiet) {
      this.cidHeard = true;
      this.quietFrames = 0;
      return;
    }
    if (this.cidHeard && ++this.quietFrames >= CID_END_QUIET_FRAMES) {
      const found = decodeCallerIdAudio(this.betweenRings);
      if (found) {
        this.callerId = found;
        this.announce();
      } else {
        this.cidHeard = false;
      }
    }
  }

  private setPhase(phase: Phase): void {
    this.phase = phase;
    const state = STATE_OF_PHASE[phase];
    if (state === this.reported) return;
    this.reported = state;
    this.emit({ type: "state", state, fault: this.fault() });
  }

  private emit(event: FxoLineEvent): void {
    for (const l of this.listeners) l(event);
  }
}
