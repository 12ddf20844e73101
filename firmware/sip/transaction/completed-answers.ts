// The answers of completed non-INVITE server transactions over UDP, kept for Timer J (RFC 3261
// §17.2.2) to absorb retransmitted requests. At thousands of REGISTERs a second this is most
// of what the stack holds (64*T1 = 32 s of answers), so an entry is no object of the heap at
// all: the answer is copied into shared chunks, a Map from a 53-bit hash of the key to a
// number naming chunk, offset and length finds it, and entries expire a second's worth at a
// time, with no timer or closure of their own. The key itself is not kept: a 32-bit checksum
// of it beside the answer tells a hash collision from a match (a stranger's request would have
// to hit 85 bits at once to be sent another's answer), which saves a third of an entry.
// Long-lived small objects would also pin the garbage collector's blocks, which it never
// compacts, so a burst would leave far more memory than its entries.

import type { Clock, Timer } from "../clock.ts";

/** Answers are copied into chunks of this size (a larger answer gets a chunk of its own). */
const CHUNK_BYTES = 16_384;
/** The key's checksum (4 bytes) and the answer fit 16 bits, as a UDP datagram does. */
const MAX_ENTRY = 65_535;
const CHECK_BYTES = 4;
/**
 * Chunks of expired groups kept for reuse: under steady load expiry frees as many as new
 * answers need, so chunks are recycled instead of left to the collector (by then they are old
 * objects, which only a full collection frees). Beyond this many, freed chunks are let go.
 */
const SPARE_CHUNKS_MAX = 2048;
/** Entries added within this span expire together, at most this much after the delay. */
const GROUP_MS = 1000;
/**
 * Chunk numbers wrap at 2^22 (number * 2^30 + offset * 2^16 + length stays an exact double);
 * the chunks alive at once are a few thousand, far fewer.
 */
const CHUNK_IDS = 4_194_304;
const TWO_14 = 16_384;
const TWO_16 = 65_536;
const TWO_30 = 1_073_741_824;

interface Group {
  startMs: number;
  /** When the newest entry of the group has been kept for the whole delay. */
  dueMs: number;
  hashes: number[];
  /** The group's chunks, numbered first..last (a group never shares a chunk). */
  firstChunk: number;
  chunks: number;
}

export class CompletedAnswers {
  readonly #clock: Clock;
  readonly #delayMs: number;
  /** Hash of the key -> chunk number * 2^30 + offset * 2^16 + length of the entry. */
  readonly #entries = new Map<number, number>();
  readonly #chunks = new Map<number, Buffer>();
  #spare: Buffer[] = [];
  #groups: Group[] = [];
  #head = 0;
  #chunkNumber = 0;
  #chunk: Buffer | undefined;
  #used = 0;
  #timer: Timer | undefined;
  /** Most entries held since the store was last empty. */
  #peak = 0;
  /**
   * Called when the store empties after holding at least `burstEntries` answers: a burst is
   * over, and what it left behind (garbage the collector has not freed yet) can be given back.
   */
  onBurstOver?: () => void;
  burstEntries = 10_000;

  constructor(clock: Clock, delayMs: number) {
    this.#clock = clock;
    this.#delayMs = delayMs;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Keeps `answer` (text is kept as UTF-8) for `key` for the delay (up to GROUP_MS longer). */
  add(key: string, answer: Uint8Array | string): void {
    const answerLength = typeof answer === "string" ? Buffer.byteLength(answer) : answer.length;
    // An answer that would not fit is not kept: a retransmission then finds nothing and is
    // answered anew. A datagram never comes near this.
    if (CHECK_BYTES + answerLength > MAX_ENTRY) return;
    const length = CHECK_BYTES + answerLength;
    const now = this.#clock.now();
    let group = this.#groups[this.#groups.length - 1];
    if (!group || this.#groups.length === this.#head || now - group.startMs >= GROUP_MS) {
      group = { startMs: now, dueMs: now, hashes: [], firstChunk: 0, chunks: 0 };
      this.#groups.push(group);
      this.#chunk = undefined;
    }
    if (!this.#chunk || this.#used + length > this.#chunk.length) {
      // Offsets stay below 2^14: a chunk is 16 KB, or one answer alone.
      this.#chunk =
        length <= CHUNK_BYTES
          ? (this.#spare.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES))
          : Buffer.allocUnsafe(length);
      this.#used = 0;
      this.#chunkNumber = (this.#chunkNumber + 1) % CHUNK_IDS;
      this.#chunks.set(this.#chunkNumber, this.#chunk);
      if (group.chunks++ === 0) group.firstChunk = this.#chunkNumber;
    }
    const chunk = this.#chunk;
    const at = this.#used;
    chunk.writeUInt32BE(keyCheck(key), at);
    if (typeof answer === "string") chunk.write(answer, at + CHECK_BYTES, "utf8");
    else chunk.set(answer, at + CHECK_BYTES);
    const hash = keyHash(key);
    this.#entries.set(hash, this.#chunkNumber * TWO_30 + at * TWO_16 + length);
    this.#used += length;
    group.dueMs = now + this.#delayMs;
    group.hashes.push(hash);
    if (this.#entries.size > this.#peak) this.#peak = this.#entries.size;
    this.#timer ??= this.#clock.setTimer(this.#delayMs, () => this.#expire());
  }

  /** The answer kept for `key`: a view into a shared chunk, to send and not to keep. */
  get(key: string): Uint8Array | undefined {
    const packed = this.#entries.get(keyHash(key));
    if (packed === undefined) return undefined;
    const chunk = this.#chunks.get(Math.floor(packed / TWO_30));
    if (!chunk) return undefined;
    const offset = Math.floor(packed / TWO_16) % TWO_14;
    // Another key with the same hash is a miss.
    if (chunk.readUInt32BE(offset) !== keyCheck(key)) return undefined;
    return chunk.subarray(offset + CHECK_BYTES, offset + (packed % TWO_16));
  }

  clear(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#entries.clear();
    this.#chunks.clear();
    this.#spare = [];
    this.#groups = [];
    this.#head = 0;
    this.#chunk = undefined;
  }

  #expire(): void {
    this.#timer = undefined;
    const now = this.#clock.now();
    while (this.#head < this.#groups.length) {
      const group = this.#groups[this.#head]!;
      if (group.dueMs > now) break;
      this.#head++;
      for (const hash of group.hashes) {
        // A key answered again after this group (a new transaction) keeps its newer answer.
        const packed = this.#entries.get(hash);
        if (packed !== undefined && this.#inGroup(Math.floor(packed / TWO_30), group))
          this.#entries.delete(hash);
      }
      for (let i = 0; i < group.chunks; i++) {
        const number = (group.firstChunk + i) % CHUNK_IDS;
        const chunk = this.#chunks.get(number);
        if (!chunk) continue;
        if (chunk === this.#chunk) this.#chunk = undefined;
        this.#chunks.delete(number);
        if (chunk.length === CHUNK_BYTES && this.#spare.length < this.#spareLimit())
          this.#spare.push(chunk);
      }
    }
    if (this.#head > 64 && this.#head * 2 > this.#groups.length) {
      this.#groups = this.#groups.slice(this.#head);
      this.#head = 0;
    }
    const next = this.#groups[this.#head];
    if (next)
      this.#timer = this.#clock.setTimer(Math.max(0, next.dueMs - now), () => this.#expire());
    else {
      // Load gone: the spares go too, so memory returns after a burst.
      this.#spare = [];
      const burst = this.#peak >= this.burstEntries;
      this.#peak = 0;
      if (burst) this.onBurstOver?.();
    }
  }

  /** Spares worth keeping: about what the groups alive now hold, within the bound. */
  #spareLimit(): number {
    return Math.min(SPARE_CHUNKS_MAX, this.#chunks.size);
  }

  #inGroup(chunk: number, group: Group): boolean {
    return (chunk - group.firstChunk + CHUNK_IDS) % CHUNK_IDS < group.chunks;
  }
}

/** CRC-32 of the key: computed apart from wyhash, so the two rarely agree by chance. */
function keyCheck(key: string): number {
  return Bun.hash.crc32(key);
}

/** 53 bits of wyhash: an exact double, so the Map holds it unboxed. */
function keyHash(key: string): number {
  return Number(BigInt.asUintN(53, Bun.hash.wyhash(key)));
}
