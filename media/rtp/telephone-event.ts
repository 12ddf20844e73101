// RFC 4733 section 2.3 telephone-event payload (event, E bit, volume, duration) and the DTMF
// event codes of section 3.2 (table 7).

/** One telephone-event payload. */
export interface TelephoneEvent {
  /** Event code: 0-9, 10 = '*', 11 = '#', 12-15 = A-D, 16 = flash. */
  event: number;
  /** E bit: this packet ends the event. */
  end: boolean;
  /** Power level in -dBm0, 0-63 (DTMF is usually sent at 10). */
  volume: number;
  /** Duration so far in RTP timestamp units, 0-65535. */
  duration: number;
}

/** Payload bytes of one telephone event. */
export const TELEPHONE_EVENT_BYTES = 4;

/** Event code of the hook flash (RFC 4733 table 7). */
export const EVENT_FLASH = 16;

const DIGITS = "0123456789*#ABCD";

/** Event code for a DTMF digit ("0"-"9", "*", "#", "A"-"D"), undefined otherwise. */
export function eventForDigit(digit: string): number | undefined {
  const i = DIGITS.indexOf(digit.toUpperCase());
  return digit.length === 1 && i >= 0 ? i : undefined;
}

/** DTMF digit for an event code 0-15, undefined for other events. */
export function digitForEvent(event: number): string | undefined {
  return event >= 0 && event < 16 ? DIGITS[event] : undefined;
}

/** Writes the 4-byte payload into `out` (allocated when omitted). */
export function encodeTelephoneEvent(e: TelephoneEvent, out?: Uint8Array): Uint8Array {
  const buf = out ?? new Uint8Array(TELEPHONE_EVENT_BYTES);
  buf[0] = e.event & 0xff;
  buf[1] = (e.end ? 0x80 : 0) | (e.volume & 0x3f);
  buf[2] = (e.duration >> 8) & 0xff;
  buf[3] = e.duration & 0xff;
  return buf;
}

/** Reads the first event of a payload; undefined when it is shorter than 4 bytes. */
export function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < TELEPHONE_EVENT_BYTES) return undefined;
  return {
    event: payload[0]!,
    end: (payload[1]! & 0x80) !== 0,
    volume: payload[1]! & 0x3f,
    duration: (payload[2]! << 8) | payload[3]!,
  };
}
