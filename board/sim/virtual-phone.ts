// A virtual analog telephone on a simulated FXS port (STYLE 4): handset, hook flash, a DTMF keypad
// that puts real tones on the line, what the earpiece hears, the ringer with the cadence it saw,
// and a caller ID display fed from on-hook audio between rings.
import { type Clock, startPeriodic } from "../clock.ts";
import type { Linefeed } from "../fxs/fxs.ts";
import { PCM_FRAME_MS, PCM_FRAME_SAMPLES } from "../pcm/pcm-channel.ts";
import { fail, ok, type Result } from "../result.ts";
import type { CallerIdInfo, HeardSound, PhoneDsp } from "./phone-dsp.ts";
import type { SlicLineListener } from "./si3215-model.ts";

/** The line side of a SLIC as the phone touches it. */
export interface SlicLine {
  setLoopClosed(closed: boolean): void;
  sendFromLine(frame: Int16Array): void;
  linefeed(): Linefeed;
}

export interface RingBurst {
  readonly startMs: number;
  readonly endMs: number | null;
}

export const DTMF_TONE_MS = 100;
export const DTMF_GAP_MS = 100;
const DEFAULT_HEARD_WINDOW_FRAMES = 100;
const DIGITS = /^[0-9*#A-Da-d]+$/;

export class VirtualPhone implements SlicLineListener {
  private offHookNow = false;
  private readonly bursts: RingBurst[] = [];
  private readonly heard: Int16Array[] = [];
  private onHookAudio: Int16Array[] = [];
  private decodedCallerId: CallerIdInfo | null = null;
  private readonly outgoing: Int16Array[] = [];
  private stopTalking: (() => void) | null = null;
  private ticksWithoutAudio = 0;

  constructor(
    private readonly line: SlicLine,
    private readonly clock: Clock,
    private readonly dsp: PhoneDsp,
  ) {}

  isOffHook(): boolean {
    return this.offHookNow;
  }

  isRinging(): boolean {
    return this.line.linefeed() === "ringing";
  }

  /** Ring bursts seen so far, with start and end times. */
  ringBursts(): readonly RingBurst[] {
    return this.bursts;
  }

  callerId(): CallerIdInfo | null {
    return this.decodedCallerId;
  }

  /** What the earpiece hears now (silence while on-hook). */
  hears(): HeardSound {
    if (!this.offHookNow) return "silence";
    return this.dsp.classifyHeard(this.heard);
  }

  /** What the earpiece received lately (the DSP's heard window). */
  heardFrames(): readonly Int16Array[] {
    return this.heard;
  }

  offHook(): void {
    if (this.offHookNow) return;
    this.decodeCallerIdAudio();
    this.offHookNow = true;
    this.heard.length = 0;
    this.line.setLoopClosed(true);
    this.ticksWithoutAudio = 0;
    this.stopTalking = startPeriodic(this.clock, PCM_FRAME_MS, () => {
      this.line.sendFromLine(this.outgoing.shift() ?? new Int16Array(PCM_FRAME_SAMPLES));
      // A PCM highway never stops: when the box sends nothing the earpiece hears silence.
      // One tick of grace absorbs timer jitter between the box's frames and this tick.
      if (++this.ticksWithoutAudio > 2) this.hear(new Int16Array(PCM_FRAME_SAMPLES));
    });
  }

  onHook(): void {
    if (!this.offHookNow) return;
    this.offHookNow = false;
    this.stopTalking?.();
    this.stopTalking = null;
    this.outgoing.length = 0;
    this.onHookAudio = [];
    this.decodedCallerId = null;
    this.line.setLoopClosed(false);
  }

  /** Presses the hook switch for durationMs (register recall). */
  flash(durationMs = 300): Result<void> {
    if (!this.offHookNow) return fail("invalid-state", "the handset is on-hook");
    this.line.setLoopClosed(false);
    this.clock.setTimeout(() => {
      if (this.offHookNow) this.line.setLoopClosed(true);
    }, durationMs);
    return ok(undefined);
  }

  /** Keys DTMF digits: 100 ms tone, 100 ms pause each. */
  dial(digits: string): Result<void> {
    if (!DIGITS.test(digits))
      return fail("invalid-argument", "digits must be 0-9, *, #, A-D", "digits");
    if (!this.offHookNow) return fail("invalid-state", "the handset is on-hook");
    for (const d of digits) {
      this.outgoing.push(...this.dsp.dtmfFrames(d, DTMF_TONE_MS));
      for (let i = 0; i < DTMF_GAP_MS / PCM_FRAME_MS; i++)
        this.outgoing.push(new Int16Array(PCM_FRAME_SAMPLES));
    }
    return ok(undefined);
  }

  /** Speech (or anything) into the mouthpiece, one frame every 20 ms. */
  speak(frames: readonly Int16Array[]): void {
    this.outgoing.push(...frames);
  }

  // --- SlicLineListener ---------------------------------------------------------------------------

  onLinefeed(linefeed: Linefeed, atMs: number): void {
    const last = this.bursts.at(-1);
    if (linefeed === "ringing") {
      this.decodeCallerIdAudio();
      if (!this.offHookNow && (!last || last.endMs !== null))
        this.bursts.push({ startMs: atMs, endMs: null });
    } else if (last && last.endMs === null) {
      this.bursts[this.bursts.length - 1] = { startMs: last.startMs, endMs: atMs };
    }
    if (linefeed.endsWith("active")) this.decodeCallerIdAudio();
  }

  onAudio(frame: Int16Array): void {
    if (this.offHookNow) {
      this.ticksWithoutAudio = 0;
      this.hear(frame);
    } else {
      this.onHookAudio.push(frame);
    }
  }

  private hear(frame: Int16Array): void {
    this.heard.push(frame);
    if (this.heard.length > (this.dsp.heardWindowFrames ?? DEFAULT_HEARD_WINDOW_FRAMES))
      this.heard.shift();
  }

  private decodeCallerIdAudio(): void {
    if (this.onHookAudio.length === 0) return;
    const info = this.dsp.decodeCallerId(this.onHookAudio);
    if (info) this.decodedCallerId = info;
    this.onHookAudio = [];
  }
}
