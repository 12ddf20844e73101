// RFC 3261 §7 SIP messages. The essentials every layer needs (top Via, From, To, Call-ID,
// CSeq) are parsed once, on first use, and cached. Bodies stay opaque bytes (STYLE.md 5).

import { SipHeaders } from "./headers.ts";
import { type NameAddr, parseNameAddr } from "./name-addr.ts";
import { formatVia, parseVia, type Via } from "./via.ts";

export interface CSeq {
  seq: number;
  method: string;
}

/** The body of every message without one (never written to: it has no bytes). */
export const EMPTY_BODY = new Uint8Array(0);

abstract class SipMessageBase {
  readonly headers: SipHeaders;
  body: Uint8Array;
  #via?: Via | null;
  #from?: NameAddr | null;
  #to?: NameAddr | null;
  #cseq?: CSeq | null;

  constructor(headers = new SipHeaders(), body: Uint8Array = EMPTY_BODY) {
    this.headers = headers;
    this.body = body;
  }

  /** The topmost Via value, parsed; undefined when missing or malformed. */
  get via(): Via | undefined {
    if (this.#via === undefined) {
      const first = this.headers.getAll("via")[0];
      this.#via = (first !== undefined && parseVia(first)) || null;
    }
    return this.#via ?? undefined;
  }

  get from(): NameAddr | undefined {
    if (this.#from === undefined) this.#from = this.#nameAddr("from");
    return this.#from ?? undefined;
  }

  get to(): NameAddr | undefined {
    if (this.#to === undefined) this.#to = this.#nameAddr("to");
    return this.#to ?? undefined;
  }

  get callId(): string | undefined {
    return this.headers.get("call-id");
  }

  get cseq(): CSeq | undefined {
    if (this.#cseq === undefined) {
      const match = /^(\d{1,10})\s+([A-Za-z0-9\-.!%*_+`'~]+)$/.exec(this.headers.get("cseq") ?? "");
      const seq = match ? Number(match[1]) : Number.NaN;
      // RFC 3261 §8.1.1.5: the sequence number is a 32-bit unsigned integer below 2**31.
      this.#cseq = match && seq < 2 ** 31 ? { seq, method: match[2]! } : null;
    }
    return this.#cseq ?? undefined;
  }

  /** Writes a new top Via value in place of the old one, and caches it parsed. */
  setTopVia(via: Via): void {
    this.headers.replaceFirstValue("via", formatVia(via));
    this.#via = via;
  }

  /** Forgets the cached essentials after headers were edited. */
  invalidate(): void {
    this.#via = undefined;
    this.#from = undefined;
    this.#to = undefined;
    this.#cseq = undefined;
  }

  #nameAddr(name: string): NameAddr | null {
    const value = this.headers.get(name);
    return (value !== undefined && parseNameAddr(value)) || null;
  }
}

export class SipRequest extends SipMessageBase {
  readonly kind = "request";
  method: string;
  uri: string;

  constructor(method: string, uri: string, headers?: SipHeaders, body?: Uint8Array) {
    super(headers, body);
    this.method = method;
    this.uri = uri;
  }
}

export class SipResponse extends SipMessageBase {
  readonly kind = "response";
  status: number;
  reason: string;

  constructor(status: number, reason: string, headers?: SipHeaders, body?: Uint8Array) {
    super(headers, body);
    this.status = status;
    this.reason = reason;
  }
}

export type SipMessage = SipRequest | SipResponse;
