// RFC 4733 section 2.5.1 sender of telephone events, driven once per packet interval (tick):
// a first packet with the marker bit (2.5.1.2), updates carrying the growing duration under
// the event's start timestamp, an end packet sent three times (2.5.1.4), and long events cut
// into segments before the 16-bit duration overflows (2.5.1.3).
import { encodeTelephoneEvent } from "./telephone-event.ts";

/** One packet to send: the caller adds the RTP header (payload type, sequence number). */
export interface TelephoneEventPacket {
  marker: boolean;
  timestamp: number;
  payload: Uint8Array;
}

export interface TelephoneEventSenderOptions {
  /** Timestamp units between ticks; default 160 (20 ms at 8000 Hz). */
  intervalTimestampUnits?: number;
  /** Power level in -dBm0; default 10. */
  volume?: number;
}

/** Times each end packet is sent (RFC 4733 2.5.1.4). */
const END_REPEATS = 3;
const MAX_DURATION = 0xffff;

/** Sends one event at a time for one RTP stream. */
export class TelephoneEventSender {
  readonly #interval: number;
  readonly #volume: number;
  #event = 0;
  #timestamp = 0;
  #duration = 0;
  #limit = Number.POSITIVE_INFINITY;
  #started = false;
  #active = false;
  #endsLeft = 0;
  #stopRequested = false;

  constructor(options: TelephoneEventSenderOptions = {}) {
    this.#interval = options.intervalTimestampUnits ?? 160;
    this.#volume = options.volume ?? 10;
  }

  /** True from start() until the last end packet has been handed out. */
  get busy(): boolean {
    return this.#active || this.#endsLeft > 0;
  }

  /**
   * Begins an event whose first packet carries `timestamp` (the stream's current RTP time).
   * With `durationTimestampUnits` it ends by itself; otherwise call stop().
   */
  start(event: number, timestamp: number, durationTimestampUnits?: number): void {
    if (this.busy) throw new Error("telephone event already in progress");
    this.#event = event;
    this.#timestamp = timestamp >>> 0;
    this.#duration = 0;
    this.#limit = durationTimestampUnits ?? Number.POSITIVE_INFINITY;
    this.#started = false;
    this.#active = true;
    this.#stopRequested = false;
  }

  /** Ends the current event at the next tick. */
  stop(): void {
    if (this.#active) this.#stopRequested = true;
  }

  /** Packets to send in this interval: none when idle, otherwise exactly one. */
  tick(): TelephoneEventPacket[] {
    if (this.#endsLeft > 0) {
      this.#endsLeft--;
      return [this.#packet(false, true)];
    }
    if (!this.#active) return [];
    const marker = !this.#started;
    this.#started = true;
    if (this.#duration + this.#interval > MAX_DURATION) {
      // Segment boundary: the next segment restarts the duration under a later timestamp.
      this.#timestamp = (this.#timestamp + this.#duration) >>> 0;
      this.#limit -= this.#duration;
      this.#duration = 0;
    }
    this.#duration = Math.min(this.#duration + this.#interval, this.#limit);
    if (this.#stopRequested || this.#duration >= this.#limit) {
      this.#active = false;
      this.#endsLeft = END_REPEATS - 1;
      return [this.#packet(marker, true)];
    }
    return [this.#packet(marker, false)];
  }

  #packet(marker: boolean, end: boolean): TelephoneEventPacket {
    const payload = encodeTelephoneEvent({
      event: this.#event,
      end,
      volume: this.#volume,
      duration: this.#duration,
    });
    return { marker, timestamp: this.#timestamp, payload };
  }
}
