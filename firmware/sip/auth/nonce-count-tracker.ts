// RFC 7616 §3.4 / §5.5 (nc lets the server detect replays: it "SHOULD" reject a request whose
// nc it has already seen for that nonce). Stateless nonces need no table to verify, so this
// bounded LRU is the only per-nonce state: evicting the oldest entry only weakens replay
// detection for that nonce until it expires, it never rejects a good client.

/** Highest nc seen per nonce, bounded to `capacity` nonces (least recently used evicted). */
export class NonceCountTracker {
  readonly #capacity: number;
  readonly #highest = new Map<string, number>();

  constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity);
  }

  /** Records nc for nonce; false when nc is not above every nc already seen with it. */
  accept(nonce: string, nc: number): boolean {
    const seen = this.#highest.get(nonce);
    if (seen !== undefined && nc <= seen) return false;
    // Map iteration order is insertion order: delete + set moves the nonce to the young end.
    this.#highest.delete(nonce);
    this.#highest.set(nonce, nc);
    if (this.#highest.size > this.#capacity) {
      const oldest = this.#highest.keys().next().value;
      if (oldest !== undefined) this.#highest.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.#highest.size;
  }
}
