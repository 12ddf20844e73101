// RTP port pairs from the configured range (RFC 3550 section 11: RTP on an even port, RTCP
// on the next odd one). Ports are handed out round the range rather than reusing the one
// just freed, so late packets of an ended call do not land in the next one.

/** Even RTP ports of [min, max] with their RTCP port (+1) also inside the range. */
export class PortAllocator {
  readonly #first: number;
  readonly #count: number;
  readonly #used = new Set<number>();
  #cursor = 0;

  constructor(range: { min: number; max: number }) {
    this.#first = range.min + (range.min & 1);
    this.#count = Math.max(0, Math.floor((range.max - this.#first - 1) / 2) + 1);
  }

  /** How many RTP ports the range holds. */
  get capacity(): number {
    return this.#count;
  }

  get inUse(): number {
    return this.#used.size;
  }

  /** The next free even port, or undefined when the range is exhausted. */
  allocate(): number | undefined {
    for (let i = 0; i < this.#count; i++) {
      const port = this.#first + 2 * ((this.#cursor + i) % this.#count);
      if (!this.#used.has(port)) {
        this.#used.add(port);
        this.#cursor = (this.#cursor + i + 1) % this.#count;
        return port;
      }
    }
    return undefined;
  }

  release(port: number): void {
    this.#used.delete(port);
  }
}
