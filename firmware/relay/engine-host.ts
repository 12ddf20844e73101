// Where a relay engine runs, seen from the main thread: on the main thread itself, or in a
// Bun worker that owns the sockets (DESIGN.md: the relay passes one thread's packet rate by
// giving RTP sockets to workers). Both answer the same commands with the same replies.
import type { RelayClock } from "./relay-clock.ts";
import { RelayEngine } from "./relay-engine.ts";
import type { RelayCommand, RelayEvent, RelayReply } from "./relay-protocol.ts";

/** A message to a relay worker: a command, with an id when a reply is wanted. */
export interface WorkerRequest {
  id?: number;
  command: RelayCommand | { op: "shutdown" };
}

/** A message from a relay worker: a reply to request `id`, or an event. */
export type WorkerMessage = { id: number; reply: RelayReply } | { event: RelayEvent };

/**
 * What crosses to a worker, and back with its replies: the messages of one turn of the event
 * loop together. A call opens a session and sets each side's address and codec, then closes
 * it: under load a postMessage per command cost more than the commands themselves.
 */
export type WorkerBatch<T> = T[];

export interface EngineHost {
  /** Sessions placed here, for balancing. */
  sessions: number;
  request(command: RelayCommand): Promise<RelayReply>;
  /** A command whose reply nobody waits for (the box's frames). */
  post(command: RelayCommand): void;
  close(): Promise<void>;
}

/** The engine on the calling thread: one call stack from command to socket. */
export class LocalEngineHost implements EngineHost {
  sessions = 0;
  readonly #engine: RelayEngine;

  constructor(clock: RelayClock, onEvent: (event: RelayEvent) => void, random?: () => number) {
    this.#engine = new RelayEngine({ clock, emit: onEvent, ...(random ? { random } : {}) });
  }

  request(command: RelayCommand): Promise<RelayReply> {
    return Promise.resolve(this.#engine.handle(command));
  }

  post(command: RelayCommand): void {
    void this.#engine.handle(command);
  }

  async close(): Promise<void> {
    this.#engine.closeAll();
  }
}

/**
 * The engine in a worker thread, reached by postMessage. The thread starts with the first
 * command: a worker is a JavaScript VM of its own (about 10 MB), which a box with no call in
 * progress does not need.
 */
export class WorkerEngineHost implements EngineHost {
  sessions = 0;
  readonly #url: string | URL;
  readonly #onEvent: (event: RelayEvent) => void;
  #worker: Worker | undefined;
  readonly #pending = new Map<number, (reply: RelayReply) => void>();
  #nextId = 1;
  #failure: string | undefined;
  /** This turn's commands, posted together when it ends. */
  #outbox: WorkerBatch<WorkerRequest> = [];

  constructor(url: string | URL, onEvent: (event: RelayEvent) => void) {
    this.#url = url;
    this.#onEvent = onEvent;
  }

  /** Whether the thread has been started. */
  get started(): boolean {
    return this.#worker !== undefined;
  }

  #start(): Worker {
    const worker = new Worker(this.#url);
    worker.onmessage = (message: MessageEvent<WorkerMessage | WorkerBatch<WorkerMessage>>) => {
      const data = message.data;
      if (!Array.isArray(data)) {
        if ("event" in data) this.#onEvent(data.event);
        return;
      }
      for (const reply of data) {
        if ("event" in reply) continue;
        const resolve = this.#pending.get(reply.id);
        this.#pending.delete(reply.id);
        resolve?.(reply.reply);
      }
    };
    worker.addEventListener("error", (event) => {
      // A worker that cannot start fails every request instead of leaving them hanging.
      this.#failure = (event as ErrorEvent).message ?? "relay worker failed";
      for (const resolve of this.#pending.values()) {
        resolve({ ok: false, error: "bind-failed", message: this.#failure });
      }
      this.#pending.clear();
    });
    return worker;
  }

  request(command: RelayCommand | { op: "shutdown" }): Promise<RelayReply> {
    if (this.#failure) {
      return Promise.resolve({ ok: false, error: "bind-failed", message: this.#failure });
    }
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.#send({ id, command });
    });
  }

  post(command: RelayCommand): void {
    this.#send({ command });
  }

  #send(request: WorkerRequest): void {
    if (this.#outbox.length === 0) {
      setImmediate(() => {
        const batch = this.#outbox;
        this.#outbox = [];
        this.#worker ??= this.#start();
        this.#worker.postMessage(batch);
      });
    }
    this.#outbox.push(request);
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    if (!this.#failure) await this.request({ op: "shutdown" });
    // Wait until the thread has really ended (bounded), so the program never exits while a
    // worker is still being torn down: under qemu-user that race aborts the process.
    const ended = new Promise<void>((resolve) => {
      const guard = setTimeout(resolve, 2000);
      worker.addEventListener("close", () => {
        clearTimeout(guard);
        resolve();
      });
    });
    worker.terminate();
    await ended;
  }
}
