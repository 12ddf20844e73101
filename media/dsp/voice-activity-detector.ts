// Energy voice activity detector with an adaptive noise floor and hangover (the scheme of
// ITU-T G.729 Annex B's VAD reduced to frame energy): speech is a frame well above the
// tracked floor; the hangover keeps word gaps inside one talk spurt. Voicemail uses the
// silence count to stop recording.
import { rmsDbfs } from "./level-meter.ts";

export interface VoiceActivityOptions {
  /** Below this a frame is never speech whatever the noise floor. */
  thresholdDbfs?: number;
  /** Margin above the noise floor that counts as speech. */
  marginDb?: number;
  /** How long activity persists after the last loud frame. */
  hangoverMs?: number;
  frameMs?: number;
}

export class VoiceActivityDetector {
  /** Milliseconds of continuous silence so far (0 while talking). */
  silenceMs = 0;
  private noiseFloorDbfs = -70;
  private hangLeftMs = 0;
  private readonly threshold: number;
  private readonly margin: number;
  private readonly hangover: number;
  private readonly frameMs: number;

  constructor(options: VoiceActivityOptions = {}) {
    this.threshold = options.thresholdDbfs ?? -45;
    this.margin = options.marginDb ?? 9;
    this.hangover = options.hangoverMs ?? 300;
    this.frameMs = options.frameMs ?? 20;
  }

  /** Classifies one frame: true while voice is active (including hangover). */
  process(frame: Int16Array): boolean {
    const level = rmsDbfs(frame);
    const loud = level > this.threshold && level > this.noiseFloorDbfs + this.margin;
    // The floor follows quiet frames quickly and loud ones very slowly.
    const rate = level < this.noiseFloorDbfs ? 0.2 : loud ? 0.002 : 0.05;
    this.noiseFloorDbfs += rate * (level - this.noiseFloorDbfs);
    if (loud) this.hangLeftMs = this.hangover;
    const active = loud || this.hangLeftMs > 0;
    if (!loud) this.hangLeftMs = Math.max(0, this.hangLeftMs - this.frameMs);
    this.silenceMs = active ? 0 : this.silenceMs + this.frameMs;
    return active;
  }
}
