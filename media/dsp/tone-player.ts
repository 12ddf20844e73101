// Frame source for a cadenced call-progress tone (ITU-T E.180): each call to nextFrame()
// yields the next 20 ms, with phase kept across frames and cadence counted in samples.

import { addTones, toInt16 } from "./tone-synth.ts";
import type { ToneSpec } from "./tone-tables.ts";

export class TonePlayer {
  private readonly frameSamples: number;
  private readonly segments: number[];
  private readonly phases: number[] = [];
  private segment = 0;
  private posInSegment = 0;

  constructor(
    private readonly spec: ToneSpec,
    private readonly sampleRateHz = 8000,
  ) {
    this.frameSamples = Math.round(sampleRateHz / 50);
    this.segments = spec.cadenceMs.map((ms) => Math.round((ms * sampleRateHz) / 1000));
  }

  /** The next 20 ms of the tone. */
  nextFrame(): Int16Array {
    const out = new Float64Array(this.frameSamples);
    if (this.segments.length === 0) {
      addTones(out, 0, out.length, this.spec.components, this.phases, this.sampleRateHz);
      return toInt16(out);
    }
    let at = 0;
    while (at < out.length) {
      const len = this.segments[this.segment] as number;
      const n = Math.min(out.length - at, len - this.posInSegment);
      // Even segments sound, odd ones are silence; each burst starts at phase zero.
      if (this.segment % 2 === 0) {
        if (this.posInSegment === 0) this.phases.fill(0);
        addTones(out, at, n, this.spec.components, this.phases, this.sampleRateHz);
      }
      at += n;
      this.posInSegment += n;
      if (this.posInSegment >= len) {
        this.posInSegment = 0;
        this.segment = (this.segment + 1) % this.segments.length;
      }
    }
    return toInt16(out);
  }

  /** Restarts the cadence from the beginning of its first burst. */
  reset(): void {
    this.segment = 0;
    this.posInSegment = 0;
    this.phases.length = 0;
  }
}
