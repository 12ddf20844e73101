// Music on hold (SPEC VOICE-1): one live stream per class that every held caller of the
// class hears, like a radio rather than a tape started per caller. Listeners ask for the
// frame of the current media tick; the first asker advances the stream, the others get the
// same frame. Clips play in order or shuffled; randomness is injected so tests are exact.

export type PlayOrder = "in-order" | "random";

export interface MusicOnHoldOptions {
  order?: PlayOrder;
  /** Uniform [0, 1) source for the shuffle. */
  random?: () => number;
  frameSamples?: number;
}

export class MusicOnHoldSource {
  private readonly order: PlayOrder;
  private readonly random: () => number;
  private readonly frameSamples: number;
  private queue: number[] = [];
  private clip = -1;
  private offset = 0;
  private lastTick: number | undefined;
  private current: Int16Array;

  constructor(
    private readonly clips: readonly Int16Array[],
    options: MusicOnHoldOptions = {},
  ) {
    this.order = options.order ?? "in-order";
    this.random = options.random ?? Math.random;
    this.frameSamples = options.frameSamples ?? 160;
    this.current = new Int16Array(this.frameSamples);
  }

  /** Index of the clip now playing (-1 before the first frame). */
  get clipIndex(): number {
    return this.clip;
  }

  /** The frame for media tick `tick`; the same frame for every listener of that tick. */
  frame(tick: number): Int16Array {
    if (this.lastTick === undefined) {
      this.current = this.produce();
    } else if (tick > this.lastTick) {
      // A source nobody listened to for a while resumes where it was, not far ahead.
      const steps = Math.min(tick - this.lastTick, 50);
      for (let i = 0; i < steps; i++) this.current = this.produce();
    }
    this.lastTick = Math.max(tick, this.lastTick ?? tick);
    return this.current;
  }

  private produce(): Int16Array {
    const out = new Int16Array(this.frameSamples);
    const playable = this.clips.some((c) => c.length > 0);
    let at = 0;
    while (playable && at < out.length) {
      if (this.clip < 0 || this.offset >= (this.clips[this.clip] as Int16Array).length) {
        this.clip = this.nextClip();
        this.offset = 0;
        continue;
      }
      const c = this.clips[this.clip] as Int16Array;
      const n = Math.min(out.length - at, c.length - this.offset);
      out.set(c.subarray(this.offset, this.offset + n), at);
      at += n;
      this.offset += n;
    }
    return out;
  }

  private nextClip(): number {
    if (this.order === "in-order") return (this.clip + 1) % this.clips.length;
    if (this.queue.length === 0) {
      const deck = this.clips.map((_, i) => i);
      for (let i = deck.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        [deck[i], deck[j]] = [deck[j] as number, deck[i] as number];
      }
      // Never the same clip twice in a row across a reshuffle.
      if (deck.length > 1 && deck[0] === this.clip) deck.push(deck.shift() as number);
      this.queue = deck;
    }
    return this.queue.shift() as number;
  }
}

/** The music-on-hold classes of the box; one shared source per class, made on first use. */
export class MusicOnHoldClasses {
  private readonly sources = new Map<string, MusicOnHoldSource>();

  constructor(
    private readonly load: (
      className: string,
    ) => { clips: Int16Array[]; order: PlayOrder } | undefined,
    private readonly random: () => number = Math.random,
  ) {}

  /** The class's source; an unknown class falls back to "default", then to silence. */
  source(className: string): MusicOnHoldSource {
    const name = this.load(className) ? className : "default";
    let s = this.sources.get(name);
    if (!s) {
      const cls = this.load(name) ?? { clips: [], order: "in-order" as const };
      s = new MusicOnHoldSource(cls.clips, { order: cls.order, random: this.random });
      this.sources.set(name, s);
    }
    return s;
  }

  /** Forgets a class's stream, e.g. after its files changed. */
  reload(className: string): void {
    this.sources.delete(className);
  }
}
