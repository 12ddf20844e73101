// One relayed call (issue 3, "Media relay"): two legs, a and b, whose RTP and RTCP ports sit
// on the same engine so packets cross between them without leaving the thread.
import type { EngineHost } from "./engine-host.ts";
import type { RelayClock } from "./relay-clock.ts";
import type { RelayEvent } from "./relay-protocol.ts";
import { RelaySide } from "./relay-side.ts";

/** An RFC 4733 event seen on a leg. */
export interface TelephoneEventNotice {
  kind: "begin" | "end";
  /** 0-9, 10 = '*', 11 = '#', 12-15 = A-D, 16 = flash (RFC 4733 table 7). */
  event: number;
  durationMs?: number;
}

export interface SessionOptions {
  /** Silence that counts as a vanished phone (default 60 s; 0 = never). */
  timeoutMs?: number;
  /** A leg that should be sending has sent no RTP for timeoutMs; the call should end. */
  onNoRtp?: (side: RelaySide) => void;
  onTelephoneEvent?: (side: RelaySide, notice: TelephoneEventNotice) => void;
}

export class RelaySession {
  readonly id: number;
  readonly a: RelaySide;
  readonly b: RelaySide;
  readonly #host: EngineHost;
  readonly #options: SessionOptions;
  readonly #onClose: () => void;
  #closed = false;

  constructor(
    id: number,
    ports: [number, number],
    host: EngineHost,
    clock: RelayClock,
    options: SessionOptions,
    onClose: () => void,
  ) {
    this.id = id;
    this.a = new RelaySide("a", ports[0], id, host, clock);
    this.b = new RelaySide("b", ports[1], id, host, clock);
    this.#host = host;
    this.#options = options;
    this.#onClose = onClose;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Frees the ports; further events are not delivered. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.a.detach();
    this.b.detach();
    await this.#host.request({ op: "close", session: this.id });
    this.#onClose();
  }

  /** Routes an engine event to its leg. */
  dispatch(event: RelayEvent): void {
    if (this.#closed) return;
    const side = event.side === "a" ? this.a : this.b;
    switch (event.type) {
      case "frame":
        side.deliverFrame(event.pcm);
        break;
      case "no-rtp":
        this.#options.onNoRtp?.(side);
        break;
      case "telephone-event": {
        const { kind, event: code, durationMs } = event;
        this.#options.onTelephoneEvent?.(side, {
          kind,
          event: code,
          ...(durationMs === undefined ? {} : { durationMs }),
        });
        break;
      }
    }
  }
}
