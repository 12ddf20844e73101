// RFC 3261 §18.3 framing over stream transports (TCP, TLS): Content-Length is mandatory and
// delimits each message. RFC 5626 §3.5.1 keepalives (CRLFCRLF) are answered with CRLF.
// Input is bounded: a header block or body past the limits breaks the stream.

import { canonicalHeaderName } from "./header-names.ts";
import { SipHeaders } from "./headers.ts";
import { contentLength, findHeaderEnd, leadingNewlines } from "./parser.ts";

export interface FramerLimits {
  maxHeaderBytes: number;
  maxBodyBytes: number;
}

export const DEFAULT_FRAMER_LIMITS: FramerLimits = {
  maxHeaderBytes: 16 * 1024,
  maxBodyBytes: 256 * 1024,
};

/**
 * One framed message (header block bytes, undecoded so the parser can check their UTF-8, and
 * exact body), or a keepalive.
 */
export type FrameEvent = { kind: "frame"; head: Uint8Array; body: Uint8Array } | { kind: "ping" };

export class StreamFramer {
  #buffer: Buffer = Buffer.alloc(0);
  #broken: string | undefined;
  readonly #limits: FramerLimits;

  constructor(limits: FramerLimits = DEFAULT_FRAMER_LIMITS) {
    this.#limits = limits;
  }

  /** Why the stream can no longer be framed (the transport then closes it), if it cannot. */
  get broken(): string | undefined {
    return this.#broken;
  }

  /** Feeds received bytes; returns every complete message and keepalive found so far. */
  push(chunk: Uint8Array): FrameEvent[] {
    if (this.#broken) return [];
    this.#buffer =
      this.#buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#buffer, chunk]);
    const events: FrameEvent[] = [];
    for (;;) {
      const skip = leadingNewlines(this.#buffer);
      if (skip > 0) {
        if (skip >= 4 && this.#buffer.subarray(0, 4).toString() === "\r\n\r\n")
          events.push({ kind: "ping" });
        this.#buffer = this.#buffer.subarray(skip);
      }
      if (this.#buffer.length === 0) break;
      const end = findHeaderEnd(this.#buffer);
      if (!end) {
        if (this.#buffer.length > this.#limits.maxHeaderBytes)
          this.#broken = "header block too large";
        break;
      }
      if (end.headEnd > this.#limits.maxHeaderBytes) {
        this.#broken = "header block too large";
        break;
      }
      const head = new Uint8Array(this.#buffer.subarray(0, end.headEnd));
      const length = contentLength(headerProbe(this.#buffer.toString("latin1", 0, end.headEnd)));
      if (length === undefined || length === "invalid") {
        // Without a usable Content-Length the next message cannot be found (RFC 4475 §3.1.2.3).
        this.#broken = "missing or invalid Content-Length on a stream";
        events.push({ kind: "frame", head, body: new Uint8Array(0) });
        break;
      }
      if (length > this.#limits.maxBodyBytes) {
        this.#broken = "body too large";
        break;
      }
      if (this.#buffer.length < end.bodyStart + length) break;
      const body = new Uint8Array(this.#buffer.subarray(end.bodyStart, end.bodyStart + length));
      this.#buffer = this.#buffer.subarray(end.bodyStart + length);
      events.push({ kind: "frame", head, body });
    }
    return events;
  }
}

/** Only the Content-Length lines of a header block, read without parsing the rest. */
function headerProbe(head: string): SipHeaders {
  const headers = new SipHeaders();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = canonicalHeaderName(line.slice(0, colon).trim());
    if (name === "content-length") headers.add(name, line.slice(colon + 1).trim());
  }
  return headers;
}
