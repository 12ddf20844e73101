// RFC 7616 §3.3 (the nonce is server-specified and opaque; "time-stamp H(time-stamp ":" ETag
// ":" secret-data)" is the suggested construction) and §5.5 (nonce lifetime as replay limit).
// Here: base64url(issue time ms as 8 bytes | serial as 8 bytes | first 16 bytes of
// HMAC-SHA256(secret, time | serial | realm | bind)). Checking the MAC and age needs no table;
// the serial names the nonce's slot in the nc table (nonce-count-tracker.ts).

/** Result of checking a nonce this server may have issued. */
export type NonceCheck = "valid" | "expired" | "invalid";

const TIME_BYTES = 8;
const SERIAL_BYTES = 8;
const MAC_BYTES = 16;
const TOTAL_BYTES = TIME_BYTES + SERIAL_BYTES + MAC_BYTES;
/** base64url of 32 bytes, unpadded. */
const ENCODED_LENGTH = 43;
/** A nonce stamped slightly in the future is tolerated: clocks of a restarted box may step. */
const FUTURE_SKEW_MS = 5000;

export interface StatelessNonceOptions {
  /** Per-boot secret; a reboot makes every earlier nonce invalid (clients then get stale). */
  secret: Uint8Array;
  realm: string;
  lifetimeMs: number;
}

/** Issues and checks MACed, time-stamped nonces. */
export class StatelessNonce {
  readonly #secret: Uint8Array;
  readonly #realm: string;
  readonly #lifetimeMs: number;

  constructor(options: StatelessNonceOptions) {
    this.#secret = options.secret;
    this.#realm = options.realm;
    this.#lifetimeMs = options.lifetimeMs;
  }

  /**
   * A fresh nonce stamped `nowMs` carrying `serial` (unique per nonce this boot); `bind` (e.g.
   * the client's address) is folded into the MAC.
   */
  issue(nowMs: number, serial: number, bind = ""): string {
    const bytes = new Uint8Array(TOTAL_BYTES);
    const issuedMs = Number.isFinite(nowMs) ? Math.max(0, Math.floor(nowMs)) : 0;
    new DataView(bytes.buffer).setBigUint64(0, BigInt(issuedMs));
    new DataView(bytes.buffer).setBigUint64(TIME_BYTES, BigInt(Math.max(0, Math.floor(serial))));
    bytes.set(
      this.#mac(bytes.subarray(0, TIME_BYTES + SERIAL_BYTES), bind),
      TIME_BYTES + SERIAL_BYTES,
    );
    return Buffer.from(bytes).toString("base64url");
  }

  /** Checks the MAC and the age; "invalid" covers tampering, other boots and garbage. */
  check(nonce: string, nowMs: number, bind = ""): NonceCheck {
    if (nonce.length !== ENCODED_LENGTH) return "invalid";
    const bytes = Buffer.from(nonce, "base64url");
    // Node's decoder skips bad characters; a round trip proves the text was canonical.
    if (bytes.length !== TOTAL_BYTES || bytes.toString("base64url") !== nonce) return "invalid";
    const expected = this.#mac(bytes.subarray(0, TIME_BYTES + SERIAL_BYTES), bind);
    let diff = 0;
    for (let i = 0; i < MAC_BYTES; i++)
      diff |= expected[i]! ^ bytes[TIME_BYTES + SERIAL_BYTES + i]!;
    if (diff !== 0) return "invalid";
    const issuedMs = Number(bytes.readBigUInt64BE(0));
    if (issuedMs > nowMs + FUTURE_SKEW_MS) return "invalid";
    return nowMs - issuedMs > this.#lifetimeMs ? "expired" : "valid";
  }

  /** The serial of a nonce that passed check(); undefined for garbage. */
  serial(nonce: string): number | undefined {
    const bytes = Buffer.from(nonce, "base64url");
    if (bytes.length !== TOTAL_BYTES) return undefined;
    const serial = Number(bytes.readBigUInt64BE(TIME_BYTES));
    return Number.isSafeInteger(serial) ? serial : undefined;
  }

  #mac(head: Uint8Array, bind: string): Uint8Array {
    const hmac = new Bun.CryptoHasher("sha256", this.#secret);
    hmac.update(head);
    hmac.update(`\0${this.#realm}\0${bind}`);
    return hmac.digest().subarray(0, MAC_BYTES);
  }
}
