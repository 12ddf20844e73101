// Several parties' 20 ms frames heard at once: each pull sums one frame of every source
// (clipped to 16 bits). It ends when any source ends, or when `ended` says so, which is how a
// listener stops hearing a call that is over.
import type { FrameSource } from "./media-port.ts";

const FRAME_SAMPLES = 160;

export class MixedSource implements FrameSource {
  constructor(
    private readonly sources: readonly FrameSource[],
    private readonly ended: () => boolean = () => false,
  ) {}

  nextFrame(): Int16Array | undefined {
    if (this.ended()) return undefined;
    const sum = new Int32Array(FRAME_SAMPLES);
    for (const source of this.sources) {
      const frame = source.nextFrame();
      if (!frame) return undefined;
      for (let i = 0; i < FRAME_SAMPLES && i < frame.length; i++) sum[i]! += frame[i]!;
    }
    const out = new Int16Array(FRAME_SAMPLES);
    for (let i = 0; i < FRAME_SAMPLES; i++) out[i] = Math.max(-32768, Math.min(32767, sum[i]!));
    return out;
  }
}
