// ITU-T G.722 (09/2012) section 3.6, the state shared by encoder and decoder for one sub-band:
// the adaptive predictor (block 4: RECONS, PARREC, UPPOL2, UPPOL1, FILTEP, UPZERO, DELAYA,
// FILTEZ, PREDIC) and the quantizer scale adaptation (blocks 3L/3H: LOGSCL/SCALEL,
// LOGSCH/SCALEH). Every operation is the recommendation's 16-bit fixed-point arithmetic, so
// two implementations fed the same code words stay bit-identical.
import { ILB, NBH_MAX, NBL_MAX, RH2, RL42, WH, WL } from "./g722-tables.ts";

function sat16(x: number): number {
  return Math.min(32767, Math.max(-32768, x));
}

/** Predictor and scale-factor state of one sub-band. */
export class G722Band {
  /** Predicted signal SL/SH for the next sample. */
  s = 0;
  /** Zero-section prediction SZL/SZH. */
  sz = 0;
  /** Reconstructed signal of the previous sample (RLT1). */
  r1 = 0;
  /** Pole coefficients AL1/AL2. */
  a1 = 0;
  a2 = 0;
  /** Partially reconstructed signal, one and two samples back (PLT1, PLT2). */
  p1 = 0;
  p2 = 0;
  /** Log scale factor NBL/NBH. */
  nb = 0;
  /** Quantizer scale factor DETL/DETH. */
  det: number;
  /** Zero-section coefficients BL1..BL6. */
  readonly b = new Int32Array(6);
  /** Quantized differences DLT0..DLT6 (index 0 is the newest). */
  readonly d = new Int32Array(7);

  constructor(initialDet: number) {
    this.det = initialDet;
  }

  /** LOGSCL + SCALEL: adapts the low-band scale factor to the 4-bit code word. */
  adaptLowScale(code4: number): void {
    let nb = ((this.nb * 127) >> 7) + WL[RL42[code4]!]!;
    if (nb < 0) nb = 0;
    else if (nb > NBL_MAX) nb = NBL_MAX;
    this.nb = nb;
    this.det = scale(nb, 8);
  }

  /** LOGSCH + SCALEH: adapts the high-band scale factor to the 2-bit code word. */
  adaptHighScale(code2: number): void {
    let nb = ((this.nb * 127) >> 7) + WH[RH2[code2]!]!;
    if (nb < 0) nb = 0;
    else if (nb > NBH_MAX) nb = NBH_MAX;
    this.nb = nb;
    this.det = scale(nb, 10);
  }

  /** Block 4: updates the predictor with the quantized difference `dx`. */
  predict(dx: number): void {
    const r = sat16(this.s + dx); // RECONS
    const p = sat16(this.sz + dx); // PARREC
    const p1Differs = (p ^ this.p1) < 0;
    const p2Differs = (p ^ this.p2) < 0;

    // UPPOL2: second pole coefficient, leaky, bounded to keep the section stable.
    const wd1 = sat16(this.a1 << 2);
    let wd2 = p1Differs ? wd1 : -wd1;
    if (wd2 > 32767) wd2 = 32767;
    let a2 = (p2Differs ? -128 : 128) + (wd2 >> 7) + ((this.a2 * 32512) >> 15);
    if (a2 > 12288) a2 = 12288;
    else if (a2 < -12288) a2 = -12288;

    // UPPOL1: first pole coefficient, bounded by the stability triangle 1 - 2^-4 - |a2|.
    let a1 = sat16((p1Differs ? -192 : 192) + ((this.a1 * 32640) >> 15));
    const limit = 15360 - a2;
    if (a1 > limit) a1 = limit;
    else if (a1 < -limit) a1 = -limit;

    // FILTEP
    const sp = sat16(((a1 * sat16(r + r)) >> 15) + ((a2 * sat16(this.r1 + this.r1)) >> 15));
    this.r1 = r;
    this.a1 = a1;
    this.a2 = a2;
    this.p2 = this.p1;
    this.p1 = p;

    // UPZERO, DELAYA and FILTEZ in one pass over the six taps.
    const b = this.b;
    const d = this.d;
    const step = dx === 0 ? 0 : 128;
    d[0] = dx;
    let sz = 0;
    for (let i = 5; i >= 0; i--) {
      const bi = sat16(((d[i + 1]! ^ dx) < 0 ? -step : step) + ((b[i]! * 32640) >> 15));
      b[i] = bi;
      sz += (bi * sat16(d[i]! + d[i]!)) >> 15;
      d[i + 1] = d[i]!;
    }
    this.sz = sat16(sz);
    this.s = sat16(sp + this.sz); // PREDIC
  }
}

/** SCALEL/SCALEH: log-domain factor to the linear DET (inverse log2 by table and shift). */
function scale(nb: number, bias: number): number {
  const mantissa = ILB[(nb >> 6) & 31]!;
  const shift = bias - (nb >> 11);
  return (shift < 0 ? mantissa << -shift : mantissa >> shift) << 2;
}
