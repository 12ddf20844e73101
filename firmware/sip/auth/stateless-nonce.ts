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
/**
 * Canonical base64url of 32 bytes: 42 characters, then one whose two low bits are zero (the
 * 256 bits end there). Node's decoder skips bad characters, so this is checked before decoding.
 */
const CANONICAL = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
const TWO_32 = 4_294_967_296;
/**
 * Scratch space reused by every nonce issued and checked (one thread; nothing in it outlives a
 * call): thousands of REGISTERs a second must not leave a Buffer each behind for the collector.
 */
const SCRATCH = Buffer.allocUnsafe(TOTAL_BYTES);
/** What CryptoHasher.digest writes into: it asks for room for any hash (64 bytes). */
const MAC_OUT = Buffer.allocUnsafe(64);

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
    const bytes = SCRATCH;
    writeUint64(bytes, 0, Number.isFinite(nowMs) ? Math.max(0, Math.floor(nowMs)) : 0);
    writeUint64(bytes, TIME_BYTES, Math.max(0, Math.floor(serial)));
    this.#mac(bytes, bind).copy(bytes, TIME_BYTES + SERIAL_BYTES, 0, MAC_BYTES);
    return bytes.toString("base64url");
  }

  /** Checks the MAC and the age; "invalid" covers tampering, other boots and garbage. */
  check(nonce: string, nowMs: number, bind = ""): NonceCheck {
    return this.open(nonce, nowMs, bind).check;
  }

  /** check() and, for a nonce that passed, its serial, decoding the nonce once. */
  open(nonce: string, nowMs: number, bind = ""): { check: NonceCheck; serial?: number } {
    if (nonce.length !== ENCODED_LENGTH || !CANONICAL.test(nonce)) return { check: "invalid" };
    const bytes = SCRATCH;
    if (bytes.write(nonce, "base64url") !== TOTAL_BYTES) return { check: "invalid" };
    const expected = this.#mac(bytes, bind);
    let diff = 0;
    for (let i = 0; i < MAC_BYTES; i++)
      diff |= expected[i]! ^ bytes[TIME_BYTES + SERIAL_BYTES + i]!;
    if (diff !== 0) return { check: "invalid" };
    const issuedMs = readUint64(bytes, 0);
    if (issuedMs > nowMs + FUTURE_SKEW_MS) return { check: "invalid" };
    if (nowMs - issuedMs > this.#lifetimeMs) return { check: "expired" };
    const serial = readUint64(bytes, TIME_BYTES);
    return { check: "valid", serial: Number.isSafeInteger(serial) ? serial : undefined };
  }

  /** The serial of a nonce that passed check(); undefined for garbage. */
  serial(nonce: string): number | undefined {
    const bytes = SCRATCH;
    if (bytes.write(nonce, "base64url") !== TOTAL_BYTES) return undefined;
    const serial = readUint64(bytes, TIME_BYTES);
    return Number.isSafeInteger(serial) ? serial : undefined;
  }

  /** The MAC of the nonce's time and serial (the first bytes of `nonce`), in MAC_OUT. */
  #mac(nonce: Buffer, bind: string): Buffer {
    const hmac = new Bun.CryptoHasher("sha256", this.#secret);
    hmac.update(nonce.subarray(0, TIME_BYTES + SERIAL_BYTES));
    hmac.update(`\0${this.#realm}\0${bind}`);
    hmac.digest(MAC_OUT);
    return MAC_OUT;
  }
}

/** Big-endian 64-bit unsigned, written as two halves (no BigInt per nonce). */
function writeUint64(bytes: Buffer, at: number, value: number): void {
  bytes.writeUInt32BE(Math.floor(value / TWO_32) >>> 0, at);
  bytes.writeUInt32BE(value >>> 0, at + 4);
}

/** Big-endian 64-bit unsigned; above 2^53 the value is not exact (callers check). */
function readUint64(bytes: Buffer, at: number): number {
  return bytes.readUInt32BE(at) * TWO_32 + bytes.readUInt32BE(at + 4);
}
