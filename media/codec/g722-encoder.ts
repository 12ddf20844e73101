// ITU-T G.722 (09/2012) encoder, 64 kbit/s mode: transmit QMF (section 3.1), low-band ADPCM
// encoder (3.2: SUBTRA, QUANTL, INVQAL) and high-band ADPCM encoder (3.3: SUBTRA, QUANTH,
// INVQAH), sharing the predictor and scale adaptation of G722Band. Input is 16-bit PCM at
// 16 kHz; the sub-band signals carry 15 bits, the scaling most SIP endpoints use.
import { G722Band, sat15, sat16 } from "./g722-band.ts";
import { ILN, ILP, Q6, QM2, QM4, QMF_EVEN, QMF_ODD } from "./g722-tables.ts";

const QMF_TAPS = 12;

/** One stream's G.722 encoder; keeps its QMF and ADPCM state across frames. */
export class G722Encoder {
  readonly #low = new G722Band(32);
  readonly #high = new G722Band(8);
  // Each history is written twice, at pos and pos + 12, so the 12 newest samples are always
  // contiguous (oldest first) at pos + 1 .. pos + 12 without a modulo in the filter loop.
  readonly #even = new Int32Array(QMF_TAPS * 2);
  readonly #odd = new Int32Array(QMF_TAPS * 2);
  #pos = 0;

  /** Encodes pairs of 16 kHz samples into one octet each; returns the octets written. */
  encodeInto(pcm: Int16Array, out: Uint8Array): number {
    const low = this.#low;
    const high = this.#high;
    const even = this.#even;
    const odd = this.#odd;
    const n = Math.min(pcm.length >> 1, out.length);
    let pos = this.#pos;
    for (let j = 0; j < n; j++) {
      // Transmit QMF: split into 0-4 kHz and 4-8 kHz halves at 8 kHz.
      even[pos] = even[pos + QMF_TAPS] = pcm[2 * j]!;
      odd[pos] = odd[pos + QMF_TAPS] = pcm[2 * j + 1]!;
      pos = pos === QMF_TAPS - 1 ? 0 : pos + 1;
      let sumOdd = 0;
      let sumEven = 0;
      for (let k = 0; k < QMF_TAPS; k++) {
        sumOdd += even[pos + k]! * QMF_EVEN[k]!;
        sumEven += odd[pos + k]! * QMF_ODD[k]!;
      }
      // Sub-band signals are 15-bit, limited as the ITU-T G.191 reference code does: only
      // full-scale input with overshoot (square waves, clipped audio) reaches the limit.
      const xLow = sat15((sumEven + sumOdd) >> 14);
      const xHigh = sat15((sumEven - sumOdd) >> 14);

      // Low band: 6-bit QUANTL, then the 4-bit INVQAL feeds the predictor.
      const el = sat16(xLow - low.s);
      const magnitude = el >= 0 ? el : ~el;
      const det = low.det;
      let i = 1;
      while (i < 30 && magnitude >= (Q6[i]! * det) >> 12) i++;
      const iLow = el < 0 ? ILN[i]! : ILP[i]!;
      const code4 = iLow >> 2;
      const dLow = (det * QM4[code4]!) >> 15;
      low.adaptLowScale(code4);
      low.predict(dLow);

      // High band: 2-bit QUANTH against one decision level.
      const eh = sat16(xHigh - high.s);
      const outer = (eh >= 0 ? eh : ~eh) >= (564 * high.det) >> 12;
      const iHigh = eh < 0 ? (outer ? 0 : 1) : outer ? 2 : 3;
      const dHigh = (high.det * QM2[iHigh]!) >> 15;
      high.adaptHighScale(iHigh);
      high.predict(dHigh);

      out[j] = (iHigh << 6) | iLow;
    }
    this.#pos = pos;
    return n;
  }
}
