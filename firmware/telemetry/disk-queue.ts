// SPEC DEV-6: telemetry waits on disk while the broker is unreachable and leaves in order when
// it returns. One file per message, written to a temporary name, flushed and renamed: a power
// cut leaves either the whole message or none, never a torn one. The queue is bounded; past
// the bound the oldest message is dropped and counted, so the vendor sees that some went missing.
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../services/atomic-file.ts";

export interface QueuedMessage {
  /** Increases by one per message over the box's life; subscribers use it to spot gaps. */
  seq: number;
  topic: string;
  payload: string;
}

interface QueueState {
  nextSeq: number;
  dropped: number;
}

const STATE_FILE = "state.json";
const MESSAGE = /^(\d{12})\.json$/;

/** A bounded first-in first-out queue of messages kept in `directory`. */
export class DiskQueue {
  readonly #seqs: number[] = [];
  #state: QueueState = { nextSeq: 1, dropped: 0 };

  constructor(
    private readonly directory: string,
    private readonly maxMessages = 10_000,
  ) {
    mkdirSync(directory, { recursive: true });
    try {
      const stored = JSON.parse(readFileSync(join(directory, STATE_FILE), "utf8")) as QueueState;
      if (Number.isInteger(stored.nextSeq) && Number.isInteger(stored.dropped))
        this.#state = stored;
    } catch {}
    for (const name of readdirSync(directory)) {
      const match = MESSAGE.exec(name);
      if (match) this.#seqs.push(Number(match[1]));
      // A write a power cut interrupted never became a message.
      else if (name.endsWith(".part")) rmSync(join(directory, name), { force: true });
    }
    this.#seqs.sort((a, b) => a - b);
    const last = this.#seqs.at(-1);
    if (last !== undefined && last >= this.#state.nextSeq) this.#state.nextSeq = last + 1;
  }

  get length(): number {
    return this.#seqs.length;
  }

  /** Messages dropped because the queue was full, over the box's life. */
  get dropped(): number {
    return this.#state.dropped;
  }

  /** Adds a message at the end, dropping the oldest when full; returns its sequence number. */
  push(topic: string, payload: string): number {
    const seq = this.#state.nextSeq;
    while (this.#seqs.length >= this.maxMessages) {
      const oldest = this.#seqs.shift() as number;
      rmSync(this.#path(oldest), { force: true });
      this.#state.dropped += 1;
    }
    this.#state.nextSeq = seq + 1;
    writeFileAtomic(join(this.directory, STATE_FILE), Buffer.from(JSON.stringify(this.#state)));
    writeFileAtomic(this.#path(seq), Buffer.from(JSON.stringify({ seq, topic, payload })));
    this.#seqs.push(seq);
    return seq;
  }

  /** The oldest message, or undefined when empty. */
  peek(): QueuedMessage | undefined {
    while (this.#seqs.length > 0) {
      const seq = this.#seqs[0] as number;
      try {
        return JSON.parse(readFileSync(this.#path(seq), "utf8")) as QueuedMessage;
      } catch {
        // Unreadable (the disk lost it): skip rather than block every later message.
        this.#seqs.shift();
        this.#state.dropped += 1;
      }
    }
    return undefined;
  }

  /** Removes the oldest message if it is `seq` (it was delivered). */
  remove(seq: number): void {
    if (this.#seqs[0] !== seq) return;
    this.#seqs.shift();
    rmSync(this.#path(seq), { force: true });
  }

  #path(seq: number): string {
    return join(this.directory, `${String(seq).padStart(12, "0")}.json`);
  }
}
