// One RTP stream as a phone receives it from the box (RFC 3550 section 5.1, 8.2 and 7.2):
// the box is the RTP source toward each leg, so everything sent to a phone (packets
// forwarded from the other leg, whatever source they came from, and the box's own frames)
// goes out under one SSRC with one sequence and timestamp line. When the origin changes
// (the other phone's SSRC changed after a re-INVITE or a transfer, a prompt ended) the
// offsets are recomputed so the phone sees a continuing stream, not a new source: sequence
// numbers go on by one, timestamps by the wall time that passed, and the marker bit flags
// the new talkspurt so jitter buffers resynchronise (RFC 3551 section 4.1).

const SEQ_MOD = 0x10000;
/** A forward jump this large in the origin's sequence means it restarted (RFC 3550 A.1). */
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;
/** Origin id of frames the box makes itself. */
const GENERATED = -1;
const NONE = -2;

/** Sequence, timestamp and SSRC rewriting for the packets sent to one phone. */
export class OutgoingStream {
  readonly ssrc: number;
  clockRateHz: number;
  /** Results of the last map() or next(). */
  seq = 0;
  timestamp = 0;
  /** Packets and payload octets sent, for the sender report (RFC 3550 6.4.1). */
  packetCount = 0;
  octetCount = 0;
  #lastSeq: number;
  #lastTs: number;
  #lastSentMs: number | undefined;
  #stepUnits = 160;
  #origin = NONE;
  #lastOriginSeq = 0;
  #seqOffset = 0;
  #tsBaseIn = 0;
  #tsBaseOut = 0;
  #tsRatio = 1;

  constructor(ssrc: number, firstSeq: number, firstTimestamp: number, clockRateHz = 8000) {
    this.ssrc = ssrc >>> 0;
    this.#lastSeq = (firstSeq - 1) & 0xffff;
    this.#lastTs = firstTimestamp >>> 0;
    this.clockRateHz = clockRateHz;
  }

  /** RTP timestamp of the last packet sent and when it went, for sender reports. */
  get lastTimestamp(): number {
    return this.#lastTs;
  }

  get lastSentMs(): number | undefined {
    return this.#lastSentMs;
  }

  /** The next forwarded packet starts a new line of offsets, whatever its origin. */
  rebase(): void {
    this.#origin = NONE;
  }

  /**
   * Maps a packet from origin `ssrc` to this stream; `tsRatio` is this stream's clock rate
   * over the origin's. Sets `seq` and `timestamp`; returns true when the packet starts a new
   * line (the caller sets the marker bit).
   */
  map(ssrc: number, seq: number, timestamp: number, nowMs: number, tsRatio: number): boolean {
    let rebased = false;
    if (
      ssrc !== this.#origin ||
      tsRatio !== this.#tsRatio ||
      this.#isRestart((seq - this.#lastOriginSeq) & 0xffff)
    ) {
      this.#seqOffset = (this.#lastSeq + 1 - seq) & 0xffff;
      this.#tsBaseIn = timestamp >>> 0;
      this.#tsBaseOut = (this.#lastTs + this.#advanceUnits(nowMs)) >>> 0;
      this.#tsRatio = tsRatio;
      this.#origin = ssrc;
      this.#lastOriginSeq = seq;
      rebased = true;
    }
    if (((seq - this.#lastOriginSeq) & 0xffff) < SEQ_MOD / 2) this.#lastOriginSeq = seq;
    this.seq = (seq + this.#seqOffset) & 0xffff;
    this.timestamp = (this.#tsBaseOut + ((timestamp - this.#tsBaseIn) | 0) * tsRatio) >>> 0;
    this.#noteSent(nowMs, !rebased);
    return rebased;
  }

  /** Numbers a frame the box makes itself, `stepUnits` after the previous one. */
  next(stepUnits: number, nowMs: number): boolean {
    const rebased = this.#origin !== GENERATED;
    this.seq = (this.#lastSeq + 1) & 0xffff;
    this.timestamp = (this.#lastTs + (rebased ? this.#advanceUnits(nowMs) : stepUnits)) >>> 0;
    this.#origin = GENERATED;
    this.#stepUnits = stepUnits;
    this.#noteSent(nowMs, false);
    return rebased;
  }

  #isRestart(udelta: number): boolean {
    return udelta >= MAX_DROPOUT && udelta <= SEQ_MOD - MAX_MISORDER;
  }

  // After a switch the timestamp moves on by the wall time since the last packet sent, and
  // at least by one packet's worth, so the phone never sees two packets for the same instant.
  #advanceUnits(nowMs: number): number {
    if (this.#lastSentMs === undefined) return 0;
    const elapsed = Math.round(((nowMs - this.#lastSentMs) * this.clockRateHz) / 1000);
    return Math.max(this.#stepUnits, elapsed);
  }

  #noteSent(nowMs: number, learnStep: boolean): void {
    // Only a packet newer than the last one moves the line on; a late one keeps its place.
    if (((this.seq - this.#lastSeq) & 0xffff) >= SEQ_MOD / 2) return;
    const step = (this.timestamp - this.#lastTs) | 0;
    if (learnStep && step > 0 && step <= this.clockRateHz) this.#stepUnits = step;
    this.#lastSeq = this.seq;
    this.#lastTs = this.timestamp;
    this.#lastSentMs = nowMs;
  }
}
