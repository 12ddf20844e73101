// Adaptive playout (jitter) buffer for one RTP stream carrying one frame per packet. Packets
// are reordered by RTP timestamp; the target delay follows the interarrival jitter estimate of
// RFC 3550 section 6.4.1 / A.8 (target = one frame + 4 x jitter, clamped); the buffer grows by
// stalling playout on an underrun and shrinks by skipping a frame when it has held more than
// the target for a while. A talkspurt that starts (marker bit) on an empty buffer is buffered
// afresh, so silence suppression resets the delay instead of being concealed frame by frame.
// Frame-driven: put() at arrival, get() once per frame period, times passed in (no clock).

/** What the buffer needs of a packet (an RtpPacket fits). */
export interface JitterBufferPacket {
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
  payload: Uint8Array;
}

export interface JitterBufferOptions {
  /** RTP clock rate of the stream. */
  clockRateHz: number;
  /** RTP timestamp units per frame (160 for 20 ms at 8000 Hz). */
  frameTimestampUnits: number;
  /** Floor of the target delay; default one frame. */
  minDelayMs?: number;
  /** Ceiling of the target delay; default 200 ms. */
  maxDelayMs?: number;
  /** Target before any jitter has been measured; default 40 ms. */
  initialDelayMs?: number;
  /** Packets held at most; default 50 (one second of 20 ms frames). */
  capacity?: number;
}

/** Result of put(). */
export type PutVerdict = "queued" | "late" | "duplicate" | "overflow";

/** Result of get(): a frame to decode, a gap to conceal, or nothing to play yet. */
export type JitterBufferOutput<P extends JitterBufferPacket> =
  | { kind: "frame"; packet: P }
  /** A frame that never arrived in time: the caller conceals it (PLC or silence). */
  | { kind: "missing"; timestamp: number }
  /** Playing, but the next frame has not arrived yet: playout stalls (delay grows). */
  | { kind: "underrun" }
  /** Not started: empty, or filling up to the target delay. */
  | { kind: "buffering" };

/** Counters for status pages and call-quality records. */
export interface JitterBufferStats {
  targetDelayMs: number;
  bufferedFrames: number;
  jitterMs: number;
  played: number;
  missing: number;
  late: number;
  duplicates: number;
  overflows: number;
  underruns: number;
  /** Frames skipped to bring the delay back down to the target. */
  skipped: number;
}

/** Gets on which the buffer must hold more than target before it skips a frame. */
const SHRINK_AFTER_GETS = 10;

/** Packets measured before the jitter estimate may take the target below the initial delay. */
const WARM_UP_PACKETS = 50;

/** Signed distance a - b between two 32-bit RTP timestamps. */
function tsDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/** One stream's adaptive jitter buffer. */
export class JitterBuffer<P extends JitterBufferPacket = JitterBufferPacket> {
  readonly #clockRateHz: number;
  readonly #frameTs: number;
  readonly #frameMs: number;
  readonly #minDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #capacity: number;
  readonly #resyncTs: number;
  // Sorted by timestamp, oldest first; small, so insertion into an array is cheapest.
  readonly #queue: P[] = [];
  #nextTs: number | undefined;
  #startAtMs: number | undefined;
  #targetDelayMs: number;
  #jitterTs = 0;
  #lastTransit: number | undefined;
  #overTargetGets = 0;
  #measured = 0;
  readonly #initialDelayMs: number;
  readonly #counts = {
    played: 0,
    missing: 0,
    late: 0,
    duplicates: 0,
    overflows: 0,
    underruns: 0,
    skipped: 0,
  };

  constructor(options: JitterBufferOptions) {
    this.#clockRateHz = options.clockRateHz;
    this.#frameTs = options.frameTimestampUnits;
    this.#frameMs = (options.frameTimestampUnits * 1000) / options.clockRateHz;
    this.#minDelayMs = options.minDelayMs ?? this.#frameMs;
    this.#maxDelayMs = options.maxDelayMs ?? 200;
    this.#capacity = options.capacity ?? 50;
    this.#resyncTs = Math.round((2 * this.#maxDelayMs * options.clockRateHz) / 1000);
    this.#initialDelayMs = this.#clamp(options.initialDelayMs ?? 40);
    this.#targetDelayMs = this.#initialDelayMs;
  }

  /** Offers a packet that arrived at `arrivalMs`. */
  put(packet: P, arrivalMs: number): PutVerdict {
    this.#measureJitter(packet.timestamp, arrivalMs);
    const next = this.#nextTs;
    if (next !== undefined && tsDiff(packet.timestamp, next) < 0) {
      if (tsDiff(packet.timestamp, next) >= -this.#resyncTs) {
        this.#counts.late++;
        return "late";
      }
      // Far in the past: the sender restarted its timestamps; start over from this packet.
      this.#queue.length = 0;
      this.#nextTs = undefined;
      this.#startAtMs = undefined;
    }
    const queue = this.#queue;
    let at = queue.length;
    while (at > 0 && tsDiff(queue[at - 1]!.timestamp, packet.timestamp) > 0) at--;
    if (at > 0 && queue[at - 1]!.timestamp === packet.timestamp) {
      this.#counts.duplicates++;
      return "duplicate";
    }
    if (queue.length >= this.#capacity) {
      this.#counts.overflows++;
      return "overflow";
    }
    if (packet.marker && queue.length === 0 && this.#nextTs !== undefined) {
      // A talkspurt starts after silence (RFC 3551 4.1 marker bit) while nothing is queued:
      // the silence needs no concealment, so buffer afresh to the current target delay.
      this.#nextTs = undefined;
      this.#startAtMs = undefined;
    }
    queue.splice(at, 0, packet);
    if (this.#nextTs === undefined && this.#startAtMs === undefined) {
      this.#startAtMs = arrivalMs + this.#targetDelayMs;
    }
    return "queued";
  }

  /** Takes what to play for the frame period starting at `nowMs`. */
  get(nowMs: number): JitterBufferOutput<P> {
    const queue = this.#queue;
    if (this.#nextTs === undefined) {
      if (queue.length === 0 || this.#startAtMs === undefined || nowMs < this.#startAtMs) {
        return { kind: "buffering" };
      }
      this.#nextTs = queue[0]!.timestamp;
      this.#startAtMs = undefined;
    }
    if (queue.length === 0) {
      this.#counts.underruns++;
      this.#overTargetGets = 0;
      return { kind: "underrun" };
    }
    if (tsDiff(queue[0]!.timestamp, this.#nextTs) > this.#resyncTs) {
      // A jump far beyond any delay we keep (a new talkspurt or a sender restart): resync.
      this.#nextTs = queue[0]!.timestamp;
    }
    this.#adapt();
    const next = this.#nextTs;
    this.#nextTs = (next + this.#frameTs) >>> 0;
    if (queue[0]!.timestamp === next) {
      this.#counts.played++;
      return { kind: "frame", packet: queue.shift()! };
    }
    this.#counts.missing++;
    return { kind: "missing", timestamp: next };
  }

  /** Current target delay and counters. */
  stats(): JitterBufferStats {
    return {
      targetDelayMs: this.#targetDelayMs,
      bufferedFrames: this.#queue.length,
      jitterMs: (this.#jitterTs * 1000) / this.#clockRateHz,
      ...this.#counts,
    };
  }

  /** Forgets queued packets and restarts buffering (after a hold or a re-INVITE). */
  reset(): void {
    this.#queue.length = 0;
    this.#nextTs = undefined;
    this.#startAtMs = undefined;
    this.#lastTransit = undefined;
    this.#overTargetGets = 0;
  }

  #clamp(delayMs: number): number {
    const frames = Math.ceil(delayMs / this.#frameMs - 1e-9);
    return Math.min(this.#maxDelayMs, Math.max(this.#minDelayMs, frames * this.#frameMs));
  }

  #measureJitter(timestamp: number, arrivalMs: number): void {
    const transit = (arrivalMs * this.#clockRateHz) / 1000 - (timestamp >>> 0);
    if (this.#lastTransit !== undefined) {
      let d = transit - this.#lastTransit;
      if (d > 2 ** 31) d -= 2 ** 32;
      else if (d < -(2 ** 31)) d += 2 ** 32;
      // Reordered packets show as a large |D| once and are fine: they are caught up in order.
      this.#jitterTs += (Math.abs(d) - this.#jitterTs) / 16;
    }
    this.#lastTransit = transit;
    const jitterMs = (this.#jitterTs * 1000) / this.#clockRateHz;
    let target = this.#clamp(this.#frameMs + 4 * jitterMs);
    if (this.#measured < WARM_UP_PACKETS) {
      this.#measured++;
      target = Math.max(target, this.#initialDelayMs);
    }
    // The target moves at once; the held delay follows by stalls (up) and skips (down).
    this.#targetDelayMs = target;
  }

  // When more than one frame beyond target has been held for a while, skip the oldest frame.
  #adapt(): void {
    const queue = this.#queue;
    const next = this.#nextTs!;
    const newest = queue[queue.length - 1]!.timestamp;
    const heldMs = ((tsDiff(newest, next) + this.#frameTs) * 1000) / this.#clockRateHz;
    if (heldMs > this.#targetDelayMs + this.#frameMs) {
      if (++this.#overTargetGets >= SHRINK_AFTER_GETS) {
        this.#overTargetGets = 0;
        if (queue[0]!.timestamp === next) queue.shift();
        this.#nextTs = (next + this.#frameTs) >>> 0;
        this.#counts.skipped++;
      }
    } else {
      this.#overTargetGets = 0;
    }
  }
}
