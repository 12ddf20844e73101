// Conference mixer (N-1 mixing): every party hears the sum of all other unmuted parties. The
// total is computed once per frame and each party's own contribution subtracted, so the cost
// grows with N rather than N^2. A party may be muted (listen only) or given a "hears" set
// (whisper and coaching: a listener hears only the speakers in its set). Sums pass through
// the soft limiter of soft-limiter.ts, which also keeps them within 16 bits.
// Frame-driven: put() each party's 20 ms frame, mix(), then read output(); a party that put
// nothing this frame counts as silent.
import { KNEE, softLimit } from "./soft-limiter.ts";

export interface MixerOptions {
  /** 8000 or 16000; every frame is 20 ms at this rate. */
  sampleRateHz: 8000 | 16000;
}

interface Party {
  readonly id: string;
  readonly input: Int16Array;
  readonly output: Int16Array;
  hasInput: boolean;
  muted: boolean;
  /** Speakers this party hears; undefined means everyone. */
  hears: Set<string> | undefined;
}

/** One conference room's mixer. */
export class Mixer {
  readonly sampleRateHz: number;
  readonly frameSamples: number;
  readonly #parties = new Map<string, Party>();
  readonly #total: Int32Array;
  readonly #scratch: Int32Array;
  readonly #silence: Int16Array;

  constructor(options: MixerOptions) {
    this.sampleRateHz = options.sampleRateHz;
    this.frameSamples = options.sampleRateHz / 50;
    this.#total = new Int32Array(this.frameSamples);
    this.#scratch = new Int32Array(this.frameSamples);
    this.#silence = new Int16Array(this.frameSamples);
  }

  /** Party ids in the order they joined. */
  get parties(): string[] {
    return [...this.#parties.keys()];
  }

  /** Adds a party (hearing everyone, unmuted). */
  add(id: string): void {
    if (this.#parties.has(id)) throw new Error(`party ${id} already in the mixer`);
    this.#parties.set(id, {
      id,
      input: new Int16Array(this.frameSamples),
      output: new Int16Array(this.frameSamples),
      hasInput: false,
      muted: false,
      hears: undefined,
    });
  }

  /** Removes a party; others stop hearing it from the next mix. */
  remove(id: string): void {
    this.#parties.delete(id);
    for (const p of this.#parties.values()) p.hears?.delete(id);
  }

  /** A muted party still hears the others but is not heard. */
  setMuted(id: string, muted: boolean): void {
    this.#party(id).muted = muted;
  }

  /** Restricts whom `id` hears (whisper/coach); undefined restores hearing everyone. */
  setHears(id: string, speakers: Iterable<string> | undefined): void {
    this.#party(id).hears = speakers === undefined ? undefined : new Set(speakers);
  }

  /** Gives a party's frame for this mix (copied; exactly frameSamples long). */
  put(id: string, frame: Int16Array): void {
    if (frame.length !== this.frameSamples) {
      throw new RangeError(`frame must be ${this.frameSamples} samples, got ${frame.length}`);
    }
    const party = this.#party(id);
    party.input.set(frame);
    party.hasInput = true;
  }

  /** Mixes this frame for every party; read the results with output(). */
  mix(): void {
    const total = this.#total;
    const n = this.frameSamples;
    total.fill(0);
    for (const p of this.#parties.values()) {
      if (!this.#speaks(p)) continue;
      const input = p.input;
      for (let i = 0; i < n; i++) total[i]! += input[i]!;
    }
    for (const listener of this.#parties.values()) {
      const out = listener.output;
      const own = this.#speaks(listener) ? listener.input : this.#silence;
      if (listener.hears === undefined) {
        for (let i = 0; i < n; i++) out[i] = limit(total[i]! - own[i]!);
      } else {
        this.#mixHeard(listener);
      }
    }
    for (const p of this.#parties.values()) p.hasInput = false;
  }

  /** What `id` hears for the last mix (a buffer reused by the next mix). */
  output(id: string): Int16Array {
    return this.#party(id).output;
  }

  // Whisper case: sum only the speakers in the listener's set.
  #mixHeard(listener: Party): void {
    const out = listener.output;
    const n = this.frameSamples;
    const sum = this.#scratch;
    sum.fill(0);
    for (const speaker of listener.hears!) {
      const p = this.#parties.get(speaker);
      if (!p || p === listener || !this.#speaks(p)) continue;
      for (let i = 0; i < n; i++) sum[i]! += p.input[i]!;
    }
    for (let i = 0; i < n; i++) out[i] = limit(sum[i]!);
  }

  #speaks(p: Party): boolean {
    return p.hasInput && !p.muted;
  }

  #party(id: string): Party {
    const p = this.#parties.get(id);
    if (!p) throw new Error(`no party ${id} in the mixer`);
    return p;
  }
}

function limit(sum: number): number {
  return sum > KNEE || sum < -KNEE ? softLimit(sum) : sum;
}
