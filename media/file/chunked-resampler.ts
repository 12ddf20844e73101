// Resampling a long upload in pieces (J. O. Smith, "Digital Audio Resampling") with the
// windowed-sinc resample() of resampler.ts, so a 10-minute song never sits in memory as
// hundreds of megabytes of float samples. A piece starts on an input sample that is also an
// output sample instant (a multiple of fromHz / gcd(fromHz, toHz)) and carries a margin of
// input on both sides wider than the kernel, so the output equals resampling the whole file.
import { resample } from "./resampler.ts";

const MARGIN_S = 0.05;
const PIECE_S = 2;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Accepts mono float samples at fromHz, gives 16-bit samples at toHz. */
export class ChunkedResampler {
  private readonly unit: number;
  private readonly margin: number;
  private readonly piece: number;
  private buffer = new Float32Array(0);
  /** Absolute input index of buffer[0]. */
  private bufferStart = 0;
  /** Absolute input index up to which output was produced. */
  private done = 0;
  private written = 0;
  private readonly out: Int16Array[] = [];

  constructor(
    private readonly fromHz: number,
    private readonly toHz: number,
  ) {
    this.unit = fromHz / gcd(fromHz, toHz);
    this.margin = Math.ceil((MARGIN_S * fromHz) / this.unit) * this.unit;
    this.piece = Math.ceil((PIECE_S * fromHz) / this.unit) * this.unit;
  }

  /** Adds input; resamples every whole piece whose right margin has arrived. */
  push(samples: Float32Array): void {
    const joined = new Float32Array(this.buffer.length + samples.length);
    joined.set(this.buffer);
    joined.set(samples, this.buffer.length);
    this.buffer = joined;
    while (this.bufferStart + this.buffer.length >= this.done + this.piece + this.margin) {
      this.emit(this.done + this.piece, this.done + this.piece + this.margin);
    }
  }

  /** Resamples what is left and returns every output sample. */
  finish(): Int16Array {
    const end = this.bufferStart + this.buffer.length;
    if (end > this.done) this.emit(end, end);
    const all = new Int16Array(this.written);
    let at = 0;
    for (const part of this.out) {
      all.set(part, at);
      at += part.length;
    }
    return all;
  }

  /** Produces output for input [done, until) from input [done - margin, sliceEnd). */
  private emit(until: number, sliceEnd: number): void {
    const sliceStart = Math.max(0, this.done - this.margin);
    const slice = this.buffer.subarray(sliceStart - this.bufferStart, sliceEnd - this.bufferStart);
    const resampled = resample(slice, this.fromHz, this.toHz);
    const skip = ((this.done - sliceStart) / this.unit) * (this.toHz / gcd(this.fromHz, this.toHz));
    const total = Math.floor((until * this.toHz) / this.fromHz) - this.written;
    const pcm = new Int16Array(total);
    for (let i = 0; i < total; i++) {
      const v = Math.round((resampled[skip + i] ?? 0) * 32768);
      pcm[i] = Math.max(-32768, Math.min(32767, v));
    }
    this.out.push(pcm);
    this.written += total;
    this.done = until;
    // Keep only the left margin of the next piece.
    const keepFrom = Math.max(0, this.done - this.margin);
    this.buffer = this.buffer.slice(keepFrom - this.bufferStart);
    this.bufferStart = keepFrom;
  }
}
