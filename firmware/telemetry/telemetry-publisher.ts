// SPEC DEV-6: sends telemetry to the broker. Every message goes through the disk queue and
// leaves one at a time, at QoS 1, removed only once the broker acknowledged it: order holds
// across outages and restarts, and nothing is lost while the queue has room. Birth and last
// will are retained on pbx/<box id>/status so a subscriber always sees whether the box is up.
import type { BrokerLink, Connect } from "./broker-link.ts";
import type { Clock } from "./clock.ts";
import type { DiskQueue } from "./disk-queue.ts";

export interface TelemetryStatus {
  connected: boolean;
  /** Why the last connection failed or ended; null when none did. */
  lastError: string | null;
  queued: number;
  dropped: number;
}

export interface PublisherOptions {
  clock: Clock;
  queue: DiskQueue;
  connect: Connect;
  boxId: string;
  /** What the birth message says besides `state` and `atMs` (model, firmware version). */
  birth: () => Record<string, unknown>;
  /** How long to wait before trying again: the first failure waits this, later ones double it. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Messages on pbx/<box id>/command, when remote commands are on. */
  onCommand?: (payload: Uint8Array) => void;
}

/** Connects, reconnects, and drains the queue in order. */
export class TelemetryPublisher {
  #link: BrokerLink | null = null;
  /** Counts connections so answers from a lost one are ignored. */
  #generation = 0;
  #sending = false;
  #stopped = true;
  #lastError: string | null = null;
  #retryTimer: { cancel(): void } | null = null;
  #retryMs: number;

  constructor(private readonly options: PublisherOptions) {
    this.#retryMs = options.retryMs ?? 1_000;
  }

  get statusTopic(): string {
    return `pbx/${this.options.boxId}/status`;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#connect();
  }

  /** Queues `body` (a JSON object) for pbx/<box id>/<kind>, and sends it when it can. */
  send(kind: string, body: Record<string, unknown>): void {
    this.options.queue.push(`pbx/${this.options.boxId}/${kind}`, JSON.stringify(body));
    this.#pump();
  }

  status(): TelemetryStatus {
    return {
      connected: this.#link !== null,
      lastError: this.#lastError,
      queued: this.options.queue.length,
      dropped: this.options.queue.dropped,
    };
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#retryTimer?.cancel();
    this.#retryTimer = null;
    const link = this.#link;
    this.#link = null;
    this.#generation += 1;
    if (link) {
      // A clean goodbye: the broker does not send the last will, so say it ourselves.
      await link
        .publish(this.statusTopic, this.#statusPayload("offline"), { retain: true })
        .catch(() => {});
      await link.close().catch(() => {});
    }
  }

  #statusPayload(state: "online" | "offline", extra: Record<string, unknown> = {}): string {
    return JSON.stringify({ state, ...extra, atMs: Math.round(this.options.clock.now()) });
  }

  #connect(): void {
    const generation = ++this.#generation;
    this.options
      .connect({
        will: { topic: this.statusTopic, payload: this.#statusPayload("offline"), retain: true },
        ...(this.options.onCommand
          ? {
              inbox: {
                topic: `pbx/${this.options.boxId}/command`,
                onMessage: this.options.onCommand,
              },
            }
          : {}),
        onClose: (reason) => {
          if (generation !== this.#generation) return;
          this.#lost(reason);
        },
      })
      .then(
        (link) => {
          if (generation !== this.#generation || this.#stopped) {
            void link.close().catch(() => {});
            return;
          }
          this.#link = link;
          this.#sending = false;
          this.#retryMs = this.options.retryMs ?? 1_000;
          // The birth goes out before anything queued: the link keeps the order it was given.
          link
            .publish(this.statusTopic, this.#statusPayload("online", this.options.birth()), {
              retain: true,
            })
            .catch(() => {});
          this.#pump();
        },
        (error: unknown) => {
          if (generation !== this.#generation) return;
          this.#lost(error instanceof Error ? error.message : String(error));
        },
      );
  }

  #lost(reason: string): void {
    const link = this.#link;
    this.#link = null;
    this.#sending = false;
    this.#lastError = reason;
    this.#generation += 1;
    if (link) void link.close().catch(() => {});
    if (this.#stopped) return;
    const wait = this.#retryMs;
    this.#retryMs = Math.min(wait * 2, this.options.maxRetryMs ?? 8_000);
    this.#retryTimer = this.options.clock.setTimer(wait, () => {
      this.#retryTimer = null;
      if (!this.#stopped) this.#connect();
    });
  }

  #pump(): void {
    const link = this.#link;
    if (!link || this.#sending) return;
    const message = this.options.queue.peek();
    if (!message) return;
    this.#sending = true;
    const generation = this.#generation;
    const payload = JSON.stringify({ seq: message.seq, ...JSON.parse(message.payload) });
    link.publish(message.topic, payload, { retain: false }).then(
      () => {
        if (generation !== this.#generation) return;
        this.options.queue.remove(message.seq);
        this.#sending = false;
        this.#pump();
      },
      (error: unknown) => {
        if (generation !== this.#generation) return;
        this.#lost(error instanceof Error ? error.message : String(error));
      },
    );
  }
}
