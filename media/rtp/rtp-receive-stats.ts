// Receiver-side RTP statistics: sequence validation with extended (wrapping) sequence numbers
// (RFC 3550 appendix A.1), loss counts for reception reports (A.3) and the interarrival
// jitter estimate (A.8), and the LSR/DLSR fields of a report block (6.4.1). Time is passed in
// (arrival in ms); nothing reads a clock.
import type { ReportBlock } from "./rtcp-packet.ts";

const SEQ_MOD = 0x10000;
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;
const MIN_SEQUENTIAL = 2;

/** What one received sequence number meant. */
export type SequenceVerdict =
  /** Counted: in order, a small gap, or an old packet within MAX_MISORDER. */
  | "valid"
  /** The source is still on probation (fewer than MIN_SEQUENTIAL packets in a row). */
  | "probation"
  /** A very large jump; a second packet following it restarts the sequence. */
  | "bad-jump"
  /** The sequence restarted (the sender was restarted or changed its numbering). */
  | "restarted";

/** One RTCP reception report block's worth of figures (RFC 3550 6.4.1). */
export interface ReceptionFigures {
  /** Fraction lost since the last report, 0-255 (8-bit fixed point). */
  fractionLost: number;
  /** Cumulative packets lost, clamped to the signed 24-bit field. */
  cumulativeLost: number;
  /** Extended highest sequence number received (cycles << 16 | max seq). */
  extendedHighestSeq: number;
  /** Interarrival jitter in timestamp units. */
  jitter: number;
}

/** Tracks one remote SSRC's sequence numbers, losses and jitter. */
export class RtpReceiveStats {
  readonly clockRateHz: number;
  #maxSeq = 0;
  #cycles = 0;
  #baseSeq = 0;
  #badSeq = SEQ_MOD + 1;
  #probation = MIN_SEQUENTIAL;
  #received = 0;
  #expectedPrior = 0;
  #receivedPrior = 0;
  #started = false;
  #seen = false;
  #lastTransit: number | undefined;
  #jitter = 0;
  #lastSr = 0;
  #lastSrArrivalMs: number | undefined;

  constructor(clockRateHz: number) {
    this.clockRateHz = clockRateHz;
  }

  /** Feeds one packet's sequence number, RTP timestamp and arrival time. */
  update(sequenceNumber: number, rtpTimestamp: number, arrivalMs: number): SequenceVerdict {
    const verdict = this.#updateSeq(sequenceNumber & 0xffff);
    if (verdict === "valid" || verdict === "restarted") this.#updateJitter(rtpTimestamp, arrivalMs);
    return verdict;
  }

  /** Packets counted as received. */
  get received(): number {
    return this.#received;
  }

  /** Extended highest sequence number seen. */
  get extendedHighestSeq(): number {
    return this.#cycles + this.#maxSeq;
  }

  /** Packets expected from the first to the highest sequence number. */
  get expected(): number {
    return this.#started ? this.extendedHighestSeq - this.#baseSeq + 1 : 0;
  }

  /** Expected minus received; negative when duplicates arrived. */
  get cumulativeLost(): number {
    return this.expected - this.#received;
  }

  /** Interarrival jitter in timestamp units (A.8). */
  get jitter(): number {
    return this.#jitter;
  }

  /** Interarrival jitter in milliseconds. */
  get jitterMs(): number {
    return (this.#jitter * 1000) / this.clockRateHz;
  }

  /** Figures for a reception report; starts a new interval for the fraction lost. */
  takeReport(): ReceptionFigures {
    const expected = this.expected;
    const expectedInterval = expected - this.#expectedPrior;
    const receivedInterval = this.#received - this.#receivedPrior;
    this.#expectedPrior = expected;
    this.#receivedPrior = this.#received;
    const lostInterval = expectedInterval - receivedInterval;
    const fractionLost =
      expectedInterval === 0 || lostInterval <= 0
        ? 0
        : Math.min(255, Math.floor((lostInterval * 256) / expectedInterval));
    const lost = this.cumulativeLost;
    return {
      fractionLost,
      cumulativeLost: Math.max(-0x800000, Math.min(0x7fffff, lost)),
      extendedHighestSeq: this.extendedHighestSeq >>> 0,
      jitter: Math.floor(this.#jitter) >>> 0,
    };
  }

  /** Notes a sender report from this source (its NTP time and when it arrived). */
  noteSenderReport(ntpSeconds: number, ntpFraction: number, arrivalMs: number): void {
    // LSR is the middle 32 bits of the 64-bit NTP timestamp.
    this.#lastSr = (((ntpSeconds & 0xffff) << 16) | (ntpFraction >>> 16)) >>> 0;
    this.#lastSrArrivalMs = arrivalMs;
  }

  /** A complete report block about source `ssrc` as of `nowMs` (starts a new interval). */
  takeReportBlock(ssrc: number, nowMs: number): ReportBlock {
    const figures = this.takeReport();
    const since = this.#lastSrArrivalMs;
    return {
      ssrc: ssrc >>> 0,
      ...figures,
      lastSr: since === undefined ? 0 : this.#lastSr,
      // DLSR counts 1/65536 s since that SR arrived; 0 when no SR has been received.
      delaySinceLastSr:
        since === undefined ? 0 : Math.floor(((nowMs - since) * 65536) / 1000) >>> 0,
    };
  }

  #initSeq(seq: number): void {
    this.#baseSeq = seq;
    this.#maxSeq = seq;
    this.#badSeq = SEQ_MOD + 1;
    this.#cycles = 0;
    this.#received = 0;
    this.#receivedPrior = 0;
    this.#expectedPrior = 0;
    this.#started = true;
  }

  #updateSeq(seq: number): SequenceVerdict {
    if (!this.#seen) {
      // A.1: the first packet puts the source on probation, just before its own number.
      this.#seen = true;
      this.#maxSeq = (seq - 1) & 0xffff;
      this.#probation = MIN_SEQUENTIAL;
    }
    const udelta = (seq - this.#maxSeq) & 0xffff;
    if (this.#probation > 0) {
      // A source is valid only after MIN_SEQUENTIAL packets in sequence.
      if (seq === ((this.#maxSeq + 1) & 0xffff)) {
        this.#probation--;
        this.#maxSeq = seq;
        if (this.#probation === 0) {
          this.#initSeq(seq);
          this.#received++;
          return "valid";
        }
      } else {
        this.#probation = MIN_SEQUENTIAL - 1;
        this.#maxSeq = seq;
      }
      return "probation";
    }
    let verdict: SequenceVerdict = "valid";
    if (udelta < MAX_DROPOUT) {
      // In order, with a permissible gap; a smaller number means the 16 bits wrapped.
      if (seq < this.#maxSeq) this.#cycles += SEQ_MOD;
      this.#maxSeq = seq;
    } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
      if (seq === this.#badSeq) {
        // Two sequential packets after a big jump: assume the other side restarted.
        this.#initSeq(seq);
        this.#lastTransit = undefined;
        verdict = "restarted";
      } else {
        this.#badSeq = (seq + 1) & 0xffff;
        return "bad-jump";
      }
    }
    // Otherwise a duplicate or reordered packet: counted, max unchanged.
    this.#received++;
    return verdict;
  }

  // A.8: J += (|D| - J) / 16, D the change in transit time between consecutive packets.
  #updateJitter(rtpTimestamp: number, arrivalMs: number): void {
    const arrivalTs = (arrivalMs * this.clockRateHz) / 1000;
    const transit = arrivalTs - (rtpTimestamp >>> 0);
    if (this.#lastTransit !== undefined) {
      let d = transit - this.#lastTransit;
      // Timestamps wrap at 2^32; the true difference is the small one.
      if (d > 2 ** 31) d -= 2 ** 32;
      else if (d < -(2 ** 31)) d += 2 ** 32;
      this.#jitter += (Math.abs(d) - this.#jitter) / 16;
    }
    this.#lastTransit = transit;
  }
}
