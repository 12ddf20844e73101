// A virtual telephone exchange line on a simulated FXO port (STYLE 4): rings the port with a
// cadence and sends caller ID audio between the first and second ring, answers and hangs up as the
// far end, reverses polarity, plays audio to the PBX and records what the PBX sends.
import { type Clock, startPeriodic } from "../clock.ts";
import { CHINA_RING_CADENCE, type RingCadence } from "../fxs/fxs.ts";
import { PCM_FRAME_MS, PCM_FRAME_SAMPLES } from "../pcm/pcm-channel.ts";
import { fail, ok, type Result } from "../result.ts";
import type { CallerIdInfo, PhoneDsp } from "./phone-dsp.ts";
import type { DaaLineListener } from "./si3050-model.ts";

/** The exchange side of a DAA as the line touches it. */
export interface DaaLine {
  offHook(): boolean;
  setRingVoltage(on: boolean): void;
  setFeed(on: boolean): void;
  setConnected(connected: boolean): void;
  setReversed(reversed: boolean): void;
  setExtensionOffHook(offHook: boolean): void;
  sendFromLine(frame: Int16Array): void;
}

export interface VirtualLineOptions {
  /** How the exchange tells the PBX the far end hung up. */
  readonly disconnectSignal?: "loop-drop" | "polarity-reversal" | "none";
  readonly loopDropMs?: number;
  /** Whether the exchange reverses polarity when the called party answers. */
  readonly reverseOnAnswer?: boolean;
  /** Pause after the first ring before caller ID (GB/T 15279: at least 500 ms). */
  readonly callerIdDelayMs?: number;
}

export interface VirtualLineState {
  readonly ringing: boolean;
  readonly pbxOffHook: boolean;
  readonly connected: boolean;
  readonly reversed: boolean;
  readonly farEndAnswered: boolean;
  /** Another telephone on the same pair is off the hook. */
  readonly extensionOffHook: boolean;
}

const HEARD_FRAMES = 100;

export class VirtualTelcoLine implements DaaLineListener {
  private ringTimer: unknown = null;
  private ringingNow = false;
  private connected = true;
  private reversed = false;
  private farEndAnswered = false;
  private extensionOffHook = false;
  private readonly outgoing: Int16Array[] = [];
  private readonly heard: Int16Array[] = [];
  private stopSending: (() => void) | null = null;

  constructor(
    private readonly line: DaaLine,
    private readonly clock: Clock,
    private readonly dsp: PhoneDsp,
    private readonly options: VirtualLineOptions = {},
  ) {}

  state(): VirtualLineState {
    return {
      ringing: this.ringingNow,
      pbxOffHook: this.line.offHook(),
      connected: this.connected,
      reversed: this.reversed,
      farEndAnswered: this.farEndAnswered,
      extensionOffHook: this.extensionOffHook,
    };
  }

  /** An incoming call: rings the PBX with a cadence, caller ID after the first ring. */
  ring(callerId?: CallerIdInfo, cadence: RingCadence = CHINA_RING_CADENCE): Result<void> {
    if (!this.connected) return fail("invalid-state", "the line is unplugged");
    if (this.line.offHook()) return fail("invalid-state", "the PBX has the line off-hook");
    if (callerId && !/^[0-9*#]{1,20}$/.test(callerId.number)) {
      return fail("invalid-argument", "caller ID number must be 1-20 digits", "callerId");
    }
    this.stopRinging();
    this.ringingNow = true;
    const steps = cadence.onOffMs;
    const phase = (i: number): void => {
      const on = i % 2 === 0;
      this.line.setRingVoltage(on);
      if (!on && i === 1 && callerId) {
        const delay = this.options.callerIdDelayMs ?? 500;
        this.clock.setTimeout(() => {
          if (this.ringingNow) this.sendFrames(this.dsp.callerIdFrames(callerId));
        }, delay);
      }
      this.ringTimer = this.clock.setTimeout(() => phase(i + 1), steps[i % steps.length]!);
    };
    phase(0);
    return ok(undefined);
  }

  /** The caller gives up before the PBX answers. */
  stopRinging(): void {
    if (this.ringTimer !== null) this.clock.clearTimeout(this.ringTimer);
    this.ringTimer = null;
    this.ringingNow = false;
    this.line.setRingVoltage(false);
  }

  /** The far end answers a call the PBX placed. */
  answer(): Result<void> {
    if (!this.line.offHook()) return fail("invalid-state", "the PBX has not seized the line");
    this.farEndAnswered = true;
    if (this.options.reverseOnAnswer) this.reversePolarity();
    return ok(undefined);
  }

  /** The far end hangs up: stops ringing, or signals clear-down to an off-hook PBX. */
  hangup(): Result<void> {
    if (this.ringingNow) {
      this.stopRinging();
      return ok(undefined);
    }
    this.farEndAnswered = false;
    if (!this.line.offHook()) return ok(undefined);
    const signal = this.options.disconnectSignal ?? "loop-drop";
    if (signal === "loop-drop") {
      this.line.setFeed(false);
      this.clock.setTimeout(() => this.line.setFeed(true), this.options.loopDropMs ?? 600);
    } else if (signal === "polarity-reversal") {
      this.reversePolarity();
    }
    return ok(undefined);
  }

  reversePolarity(): void {
    this.reversed = !this.reversed;
    this.line.setReversed(this.reversed);
  }

  /** Lifts or replaces a telephone wired in parallel on the same pair. */
  setExtensionOffHook(offHook: boolean): void {
    this.extensionOffHook = offHook;
    this.line.setExtensionOffHook(offHook);
  }

  /** Reverses or restores the pair (tip and ring swapped at a junction box). */
  setReversed(reversed: boolean): void {
    if (reversed !== this.reversed) this.reversePolarity();
  }

  /** Unplugs or plugs the cable to the exchange. */
  setConnected(connected: boolean): void {
    this.connected = connected;
    if (!connected) this.stopRinging();
    this.line.setConnected(connected);
  }

  /** Audio from the far end, one frame every 20 ms. */
  play(frames: readonly Int16Array[]): void {
    this.sendFrames(frames);
  }

  /** The last two seconds the PBX sent towards the far end. */
  heardFrames(): readonly Int16Array[] {
    return this.heard;
  }

  // --- DaaLineListener -----------------------------------------------------------------------------

  onHookChange(offHook: boolean): void {
    // The PBX answering trips the ringer, as at the exchange.
    if (offHook && this.ringingNow) this.stopRinging();
    if (!offHook) this.farEndAnswered = false;
  }

  onAudio(frame: Int16Array): void {
    this.heard.push(frame);
    if (this.heard.length > HEARD_FRAMES) this.heard.shift();
  }

  private sendFrames(frames: readonly Int16Array[]): void {
    this.outgoing.push(...frames);
    if (this.stopSending) return;
    const tick = (): void => {
      const frame = this.outgoing.shift();
      if (!frame) {
        this.stopSending?.();
        this.stopSending = null;
        return;
      }
      this.line.sendFromLine(
        frame.length === PCM_FRAME_SAMPLES ? frame : frame.slice(0, PCM_FRAME_SAMPLES),
      );
    };
    this.stopSending = startPeriodic(this.clock, PCM_FRAME_MS, tick);
    tick();
  }
}
