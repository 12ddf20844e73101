// RFC 4733 section 2.5.2 receiver of telephone events: an event is identified by its RTP
// timestamp, so retransmitted updates and the three redundant end packets are recognised and
// each event is reported to begin and to end exactly once, even when its first packets or all
// of its end packets are lost (a new event or flush() closes the open one).
import { decodeTelephoneEvent } from "./telephone-event.ts";

export type TelephoneEventNotice =
  | { kind: "begin"; event: number; timestamp: number }
  | { kind: "end"; event: number; timestamp: number; durationTimestampUnits: number };

/** Recent ended events remembered so their late retransmissions are ignored. */
const REMEMBERED = 8;

/** Turns one stream's telephone-event packets into begin/end notices. */
export class TelephoneEventReceiver {
  #open: { event: number; timestamp: number; duration: number } | undefined;
  readonly #ended: number[] = [];

  /** Feeds one packet's RTP timestamp and payload; returns what newly happened. */
  receive(timestamp: number, payload: Uint8Array): TelephoneEventNotice[] {
    const e = decodeTelephoneEvent(payload);
    if (!e) return [];
    const ts = timestamp >>> 0;
    if (this.#ended.includes(ts)) return [];
    const notices: TelephoneEventNotice[] = [];
    const open = this.#open;
    if (open && open.timestamp === ts) {
      open.duration = Math.max(open.duration, e.duration);
    } else {
      if (open) {
        // Packets of older events that straggle in after a newer one started are ignored.
        if (((ts - open.timestamp) | 0) < 0) return [];
        notices.push(this.#close());
      }
      this.#open = { event: e.event, timestamp: ts, duration: e.duration };
      notices.push({ kind: "begin", event: e.event, timestamp: ts });
    }
    if (e.end) notices.push(this.#close());
    return notices;
  }

  /** Ends the open event, if any (its end packets were lost, or the stream stopped). */
  flush(): TelephoneEventNotice[] {
    return this.#open ? [this.#close()] : [];
  }

  #close(): TelephoneEventNotice {
    const open = this.#open!;
    this.#open = undefined;
    this.#ended.push(open.timestamp);
    if (this.#ended.length > REMEMBERED) this.#ended.shift();
    return {
      kind: "end",
      event: open.event,
      timestamp: open.timestamp,
      durationTimestampUnits: open.duration,
    };
  }
}
