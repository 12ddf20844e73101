// ITU-T G.722 (09/2012) decoder, 64 kbit/s mode: low-band ADPCM decoder (section 3.4: INVQBL
// for the output, INVQAL for the predictor, LIMIT), high-band ADPCM decoder (3.5) and receive
// QMF (3.7). Output is 16-bit PCM at 16 kHz, scaled to mirror G722Encoder.
import { G722Band, sat15, sat16 } from "./g722-band.ts";
import { QM2, QM4, QM6, QMF_EVEN, QMF_ODD } from "./g722-tables.ts";

const QMF_TAPS = 12;

/** One stream's G.722 decoder; keeps its ADPCM and QMF state across frames. */
export class G722Decoder {
  readonly #low = new G722Band(32);
  readonly #high = new G722Band(8);
  // Doubled histories as in G722Encoder: contiguous oldest-first window at pos + 1.
  readonly #sum = new Int32Array(QMF_TAPS * 2);
  readonly #diff = new Int32Array(QMF_TAPS * 2);
  #pos = 0;

  /** Decodes octets into two 16 kHz samples each; returns the samples written. */
  decodeInto(payload: Uint8Array, out: Int16Array): number {
    const low = this.#low;
    const high = this.#high;
    const sum = this.#sum;
    const diff = this.#diff;
    const n = Math.min(payload.length, out.length >> 1);
    let pos = this.#pos;
    for (let j = 0; j < n; j++) {
      const code = payload[j]!;
      const iLow = code & 0x3f;
      const iHigh = code >> 6;

      // Low band: the 6-bit level rebuilds the output, the 4-bit level drives adaptation.
      const rLow = sat15(low.s + ((low.det * QM6[iLow]!) >> 15));
      const code4 = iLow >> 2;
      const dLow = (low.det * QM4[code4]!) >> 15;
      low.adaptLowScale(code4);
      low.predict(dLow);

      const dHigh = (high.det * QM2[iHigh]!) >> 15;
      const rHigh = sat15(dHigh + high.s);
      high.adaptHighScale(iHigh);
      high.predict(dHigh);

      // Receive QMF: recombine the bands into two 16 kHz samples.
      sum[pos] = sum[pos + QMF_TAPS] = sat16(rLow + rHigh);
      diff[pos] = diff[pos + QMF_TAPS] = sat16(rLow - rHigh);
      pos = pos === QMF_TAPS - 1 ? 0 : pos + 1;
      let first = 0;
      let second = 0;
      for (let k = 0; k < QMF_TAPS; k++) {
        first += diff[pos + k]! * QMF_ODD[k]!;
        second += sum[pos + k]! * QMF_EVEN[k]!;
      }
      out[2 * j] = sat16(first >> 11);
      out[2 * j + 1] = sat16(second >> 11);
    }
    this.#pos = pos;
    return n * 2;
  }
}
