// An analog extension line on an FXS port (SPEC DEV-2, EXT-5, CALL-1): off-hook gives dial tone,
// DTMF digits heard on the line are collected against the dial plan with an inter-digit
// timeout and become one dial(number) event; incoming calls ring with the country's cadence
// and send caller ID; tones, audio with the extension's gains, hang-up and hook flash. The call
// engine drives it; it knows nothing about SIP (STYLE 5).
import type { FxsEvent, FxsPort } from "../../board/fxs/fxs.ts";
import { fail, ok, type Result } from "../../board/result.ts";
import { DtmfDetector } from "../../media/dsp/dtmf-detector.ts";
import { applyGainDb } from "../../media/dsp/gain.ts";
import { TonePlayer } from "../../media/dsp/tone-player.ts";
import { RING_CADENCES, type ToneName, toneSpec } from "../../media/dsp/tone-tables.ts";
import {
  type CallerId,
  type CallerIdMode,
  type CallTime,
  encodeCallerIdAudio,
} from "./caller-id-audio.ts";
import { type Clock, every } from "./clock.ts";
import type { DialPlan } from "./dial-plan.ts";
import { FRAME_MS } from "./pcm-frames.ts";
import type { LineFault, PortState } from "./port-state.ts";

export interface FxsLineSettings {
  /** Tone plan and ring cadence: "cn" (default), "us", "eu". */
  readonly country: string;
  readonly callerIdMode: CallerIdMode;
  readonly interDigitTimeoutMs: number;
  /** Off-hook this long without a digit gives busy tone (the phone was left off the hook). */
  readonly firstDigitTimeoutMs: number;
  /** Applied to what the handset's microphone sends into the box. */
  readonly rxGainDb: number;
  /** Applied to what the box sends to the earpiece. */
  readonly txGainDb: number;
}

export const DEFAULT_FXS_SETTINGS: FxsLineSettings = {
  country: "cn",
  callerIdMode: "fsk",
  interDigitTimeoutMs: 4000,
  firstDigitTimeoutMs: 15_000,
  rxGainDb: 0,
  txGainDb: 0,
};

export type FxsLineEvent =
  /** The handset was lifted to make a call: dial tone is playing. */
  | { readonly type: "off-hook" }
  | { readonly type: "dial"; readonly number: string }
  /** The handset was lifted while ringing. */
  | { readonly type: "answer" }
  | { readonly type: "hangup" }
  | { readonly type: "flash" }
  /** A DTMF key pressed during a call (in-band features such as transfer). */
  | { readonly type: "digit"; readonly digit: string }
  /** A key pressed during a DTMF test: shown to the installer, never dialled. */
  | { readonly type: "test-digit"; readonly digit: string }
  | { readonly type: "state"; readonly state: PortState; readonly fault: LineFault | null };

export interface FxsLineOptions {
  readonly port: FxsPort;
  readonly clock: Clock;
  readonly dialPlan: DialPlan;
  readonly settings?: () => FxsLineSettings;
  /** Local date and time for the caller ID message; omitted when not given. */
  readonly callTime?: () => CallTime;
  /** New voicemail waits for the line's extension: lifting it gives stutter dial tone. */
  readonly messageWaiting?: () => boolean;
}

type Phase = "idle" | "collecting" | "testing" | "waiting" | "ringing" | "connected" | "faulty";

const STATE_OF_PHASE: Record<Phase, PortState> = {
  idle: "idle",
  collecting: "off-hook",
  testing: "off-hook",
  waiting: "off-hook",
  ringing: "ringing",
  connected: "in-use",
  faulty: "faulty",
};

export class FxsLine {
  readonly kind = "fxs";
  readonly index: number;
  private phase: Phase = "idle";
  private reported: PortState = "idle";
  private readonly listeners = new Set<(e: FxsLineEvent) => void>();
  private readonly audioListeners = new Set<(frame: Int16Array) => void>();
  private readonly settings: () => FxsLineSettings;
  private detector = new DtmfDetector();
  private digits = "";
  private digitTimer: { cancel(): void } | null = null;
  private stopTone: (() => void) | null = null;
  private digitTest = false;
  private toneName: ToneName | null = null;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly o: FxsLineOptions) {
    this.index = o.port.index;
    this.settings = o.settings ?? (() => DEFAULT_FXS_SETTINGS);
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

  /** Whether the handset is off the hook. */
  offHook(): boolean {
    return this.o.port.state().hook === "off";
  }

  /** The tone playing now, if any. */
  tone(): ToneName | null {
    return this.toneName;
  }

  on(listener: (event: FxsLineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Audio from the handset's microphone, rx gain applied, one 20 ms frame at a time. */
  onAudio(listener: (frame: Int16Array) => void): () => void {
    this.audioListeners.add(listener);
    return () => this.audioListeners.delete(listener);
  }

  /** Rings the phone with the country's cadence, sending caller ID when given. */
  ring(callerId?: CallerId | null): Result<void> {
    if (this.phase === "faulty") return fail("port-faulty", `FXS ${this.index} is faulty`);
    if (this.phase !== "idle") return fail("invalid-state", `FXS ${this.index} is busy`);
    const s = this.settings();
    const cadence = (RING_CADENCES[s.country as keyof typeof RING_CADENCES] ?? RING_CADENCES.cn)
      .cadenceMs;
    const cid =
      callerId && callerId.number !== ""
        ? encodeCallerIdAudio(callerId, s.callerIdMode, this.o.callTime?.())
        : undefined;
    const r = this.o.port.ring({
      cadence: { onOffMs: cadence },
      ...(cid ? { callerId: cid } : {}),
    });
    if (!r.ok) return r;
    this.setPhase("ringing");
    return ok(undefined);
  }

  /** Stops ringing (the caller gave up or another phone answered). */
  stopRing(): void {
    if (this.phase !== "ringing") return;
    this.o.port.stopRing();
    this.setPhase("idle");
  }

  /** Plays a call-progress tone to the earpiece (null: stop). */
  playTone(name: ToneName | null): void {
    this.stopTone?.();
    this.stopTone = null;
    this.toneName = name;
    if (name === null || !this.offHook()) return;
    const player = new TonePlayer(toneSpec(name, this.settings().country));
    const send = (): void =>
      this.o.port.writeAudio(applyGainDb(player.nextFrame(), this.settings().txGainDb));
    send();
    this.stopTone = every(this.o.clock, FRAME_MS, send);
  }

  /** The call is connected: audio flows both ways through writeAudio/onAudio. */
  connect(): void {
    if (!this.offHook() || this.phase === "faulty") return;
    this.cancelCollection();
    this.playTone(null);
    this.setPhase("connected");
  }

  /** The other party hung up: busy tone until the handset goes down (China practice). */
  farEndHangup(): void {
    if (!this.offHook() || this.phase === "faulty") return;
    this.cancelCollection();
    this.setPhase("waiting");
    this.playTone("busy");
  }

  /** Dial tone and a fresh digit collection, e.g. after a hook flash for a transfer. */
  collectDigits(tone: ToneName = "dial"): void {
    if (!this.offHook() || this.phase === "faulty") return;
    this.cancelCollection();
    this.digits = "";
    this.detector = new DtmfDetector();
    this.setPhase("collecting");
    this.playTone(tone);
    this.armDigitTimer(this.settings().firstDigitTimeoutMs);
  }

  /**
   * DTMF test: keys pressed on the handset (now, or after it is lifted) become test-digit
   * events instead of a number to dial, until stopDigitTest.
   */
  startDigitTest(): Result<void> {
    if (this.phase === "faulty") return fail("port-faulty", `FXS ${this.index} is faulty`);
    if (this.phase === "ringing" || this.phase === "connected")
      return fail("invalid-state", `FXS ${this.index} is busy`);
    this.digitTest = true;
    if (this.phase === "collecting" || this.phase === "waiting") this.enterDigitTest();
    return ok(undefined);
  }

  stopDigitTest(): void {
    this.digitTest = false;
    if (this.phase !== "testing") return;
    // Busy tone tells the installer to hang up, as after a call.
    this.setPhase("waiting");
    this.playTone("busy");
  }

  /** One 20 ms frame to the earpiece (tx gain applied) while connected and no tone plays. */
  writeAudio(frame: Int16Array): void {
    if (this.phase !== "connected" || this.stopTone) return;
    this.o.port.writeAudio(applyGainDb(frame, this.settings().txGainDb));
  }

  /** Detaches from the port. */
  close(): void {
    this.cancelCollection();
    this.playTone(null);
    for (const u of this.unsubscribe) u();
  }

  // --- internals ------------------------------------------------------------------------------

  private onPortEvent(e: FxsEvent): void {
    switch (e.type) {
      case "hook-off":
        if (this.phase === "ringing") {
          this.setPhase("connected");
          this.emit({ type: "answer" });
        } else if (this.phase === "idle" && this.digitTest) {
          this.enterDigitTest();
        } else if (this.phase === "idle") {
          // SPEC CALL-7: the handset is told of waiting messages the way a line is.
          this.collectDigits(this.o.messageWaiting?.() ? "stutter-dial" : "dial");
          this.emit({ type: "off-hook" });
        }
        return;
      case "hook-on":
        if (this.phase === "faulty") return;
        this.cancelCollection();
        this.playTone(null);
        if (this.phase !== "idle" && this.phase !== "ringing") {
          this.setPhase("idle");
          this.emit({ type: "hangup" });
        }
        return;
      case "flash":
        if (this.phase !== "faulty") this.emit({ type: "flash" });
        return;
      case "ring-stop":
        if (this.phase === "ringing" && e.reason === "stopped") this.setPhase("idle");
        return;
      case "fault":
        this.cancelCollection();
        this.playTone(null);
        this.setPhase("faulty");
        return;
      case "ring-start":
        return;
    }
  }

  private enterDigitTest(): void {
    this.cancelCollection();
    this.detector = new DtmfDetector();
    this.setPhase("testing");
    this.playTone("dial");
  }

  private onPortAudio(raw: Int16Array): void {
    if (this.phase !== "collecting" && this.phase !== "connected" && this.phase !== "testing")
      return;
    const frame = applyGainDb(raw, this.settings().rxGainDb);
    for (const d of this.detector.process(frame)) this.onDigit(d.digit);
    if (this.phase === "connected") for (const l of this.audioListeners) l(frame);
  }

  private onDigit(digit: string): void {
    if (this.phase === "testing") {
      this.playTone(null);
      this.emit({ type: "test-digit", digit });
      return;
    }
    if (this.phase === "connected") {
      this.emit({ type: "digit", digit });
      return;
    }
    if (this.phase !== "collecting") return;
    if (this.digits === "") this.playTone(null);
    this.digits += digit;
    const number = this.o.dialPlan.complete(this.digits);
    if (number !== null) this.finish(number);
    else this.armDigitTimer(this.settings().interDigitTimeoutMs);
  }

  private armDigitTimer(delayMs: number): void {
    this.digitTimer?.cancel();
    this.digitTimer = this.o.clock.setTimer(delayMs, () => {
      this.digitTimer = null;
      if (this.phase !== "collecting") return;
      if (this.digits === "") {
        this.setPhase("waiting");
        this.playTone("busy");
      } else {
        this.finish(this.digits.endsWith("#") ? this.digits.slice(0, -1) : this.digits);
      }
    });
  }

  private finish(number: string): void {
    this.cancelCollection();
    this.setPhase("waiting");
    this.emit({ type: "dial", number });
  }

  private cancelCollection(): void {
    this.digitTimer?.cancel();
    this.digitTimer = null;
  }

  private setPhase(phase: Phase): void {
    this.phase = phase;
    const state = STATE_OF_PHASE[phase];
    if (state === this.reported) return;
    this.reported = state;
    this.emit({ type: "state", state, fault: this.fault() });
  }

  private emit(event: FxsLineEvent): void {
    for (const l of this.listeners) l(event);
  }
}
