// Password verification (argon2id, 19 MiB per try) is the most expensive thing a caller can
// ask of the box without logging in. At most a few run at once; a request that finds every
// slot taken is refused at once with 429 instead of queueing memory and CPU behind the others.

/** A counting semaphore that never waits: a slot now, or none. */
export class HashWorkLimit {
  private running = 0;

  constructor(readonly slots: number) {}

  /** Takes a slot and returns its release function, or undefined when all are taken. */
  tryTake(): (() => void) | undefined {
    if (this.running >= this.slots) return undefined;
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
    };
  }

  /** Slots in use now. */
  get inUse(): number {
    return this.running;
  }
}
