// RFC 7616 §3.4 / §5.5 (nc lets the server detect replays: it "SHOULD" reject a request whose
// nc it has already seen for that nonce) and RFC 2617 §4.5 (a nonce answered without qop can
// only be protected by using it once). Bounded by design, not by eviction: every nonce carries
// a serial number, the serial picks one slot of a fixed table, and the slot remembers which
// serial owns it and the highest nc accepted with it. A slot is only reused by a newer nonce,
// and the older nonce then counts as superseded (the client gets stale=true and a fresh nonce),
// so losing state can cost a client one round trip but never lets a replay through.

/** What the table says about an answer's nonce count. */
export type NonceCountCheck = "ok" | "replay" | "superseded";

/** nc stored for a nonce that was answered without qop: nothing may follow it. */
const SINGLE_USE_SPENT = 0xffffffff;

/** Highest nc per live nonce, in a fixed table of `slots` entries. */
export class NonceCountTracker {
  /** Serial of the nonce that owns each slot (-1: none yet). */
  readonly #owner: Float64Array;
  readonly #highest: Uint32Array;
  #next = 0;

  constructor(slots: number) {
    const size = Math.max(1, Math.floor(slots));
    this.#owner = new Float64Array(size).fill(-1);
    this.#highest = new Uint32Array(size);
  }

  /** The serial for a new nonce; its slot starts empty (the oldest nonce there is superseded). */
  issue(): number {
    const serial = this.#next++;
    const slot = serial % this.#owner.length;
    this.#owner[slot] = serial;
    this.#highest[slot] = 0;
    return serial;
  }

  /**
   * Records one answer on the nonce with this serial: `nc` (1 or more) with qop, or
   * "single-use" for an answer without qop (accepted only on a nonce never answered before).
   */
  accept(serial: number, nc: number | "single-use"): NonceCountCheck {
    const slot = serial % this.#owner.length;
    if (!Number.isSafeInteger(serial) || this.#owner[slot] !== serial) return "superseded";
    const seen = this.#highest[slot]!;
    if (nc === "single-use") {
      if (seen !== 0) return "replay";
      this.#highest[slot] = SINGLE_USE_SPENT;
      return "ok";
    }
    if (nc <= seen) return "replay";
    this.#highest[slot] = nc;
    return "ok";
  }

  /** Size of the table (fixed). */
  get slots(): number {
    return this.#owner.length;
  }
}
