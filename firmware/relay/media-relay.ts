// The box's media relay (issue 3, DESIGN.md "Signalling and calls"): owns the RTP port range
// and the threads that move the packets, and makes one RelaySession per call. Sessions are
// spread over a pool of Bun workers, each owning its sessions' sockets, so relaying passes
// what one JavaScript thread can move; with no workers everything runs on the calling
// thread on the given clock (tests).
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { type EngineHost, LocalEngineHost, WorkerEngineHost } from "./engine-host.ts";
import { PortAllocator } from "./port-allocator.ts";
import type { RelayClock } from "./relay-clock.ts";
import type { RelayEvent } from "./relay-protocol.ts";
import { RelaySession, type SessionOptions } from "./relay-session.ts";

export interface MediaRelayOptions {
  /** The configured RTP range: even ports for RTP, the next odd one for RTCP. */
  rtpPorts: { min: number; max: number };
  /** Address the media sockets bind to. */
  bind?: string;
  /** Worker threads (default: one per CPU core); 0 runs the relay on this thread. */
  workers?: number;
  /** Paces play() frames; drives the engine too when there are no workers. */
  clock: RelayClock;
  /** The SDES CNAME of the box's RTCP (RFC 3550 6.5.1). */
  cname?: string;
  /** Where relay-worker.ts is (see defaultWorkerUrl). */
  workerUrl?: string | URL;
  /** Uniform [0, 1) for SSRCs and first sequence numbers when there are no workers. */
  random?: () => number;
}

export type CreateSessionResult =
  | { ok: true; session: RelaySession }
  | { ok: false; error: "no-ports" | "bind-failed"; message?: string };

const DEFAULT_TIMEOUT_MS = 60_000;
/** Where a compiled binary keeps its bundled entrypoints. */
const EMBEDDED_ROOT = "file:///$bunfs/root/";
/** The worker's place for a build rooted at firmware/, at the repository, or at this folder. */
const EMBEDDED_WORKER_PATHS = [
  "relay/relay-worker.js",
  "firmware/relay/relay-worker.js",
  "relay-worker.js",
];
/** Ports found taken by another program are skipped this many times before giving up. */
const BIND_ATTEMPTS = 8;

/**
 * The worker's entry. Run from source it sits beside this file. Inside a `bun build
 * --compile` binary it must be an extra entrypoint of the build, and is stored as `.js`
 * under the build's root (the entrypoints' common folder), not at this module's URL.
 */
export function defaultWorkerUrl(): URL | undefined {
  if (!import.meta.url.startsWith(EMBEDDED_ROOT))
    return new URL("./relay-worker.ts", import.meta.url);
  const found = EMBEDDED_WORKER_PATHS.find((path) =>
    existsSync(`${EMBEDDED_ROOT.slice(7)}${path}`),
  );
  return found === undefined ? undefined : new URL(`${EMBEDDED_ROOT}${found}`);
}

export class MediaRelay {
  /** Worker threads relaying (0: the calling thread, as asked or for want of the worker). */
  readonly threads: number;
  readonly #hosts: EngineHost[];
  readonly #ports: PortAllocator;
  readonly #bind: string;
  readonly #clock: RelayClock;
  readonly #cname: string;
  readonly #sessions = new Map<number, RelaySession>();
  #nextId = 1;

  constructor(options: MediaRelayOptions) {
    this.#ports = new PortAllocator(options.rtpPorts);
    this.#bind = options.bind ?? "0.0.0.0";
    this.#clock = options.clock;
    this.#cname = options.cname ?? "pbx";
    const onEvent = (event: RelayEvent): void => this.#sessions.get(event.session)?.dispatch(event);
    const url = options.workerUrl ?? defaultWorkerUrl();
    // A binary built without the worker entrypoint still relays, on this thread only.
    const workers = url === undefined ? 0 : (options.workers ?? availableParallelism());
    this.threads = workers;
    this.#hosts =
      workers > 0 && url !== undefined
        ? Array.from({ length: workers }, () => new WorkerEngineHost(url, onEvent))
        : [new LocalEngineHost(options.clock, onEvent, options.random)];
  }

  /** Worker threads running so far: each starts with the first call placed on it. */
  get startedThreads(): number {
    return this.#hosts.filter((h) => h instanceof WorkerEngineHost && h.started).length;
  }

  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** Calls that the port range still has room for. */
  get freeSessions(): number {
    return Math.floor((this.#ports.capacity - this.#ports.inUse) / 2);
  }

  /** Two legs with ports bound on the least loaded thread. */
  async createSession(options: SessionOptions = {}): Promise<CreateSessionResult> {
    const host = this.#hosts.reduce((best, h) => (h.sessions < best.sessions ? h : best));
    host.sessions++;
    for (let attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      const a = this.#ports.allocate();
      const b = a === undefined ? undefined : this.#ports.allocate();
      if (a === undefined || b === undefined) {
        if (a !== undefined) this.#ports.release(a);
        host.sessions--;
        return { ok: false, error: "no-ports" };
      }
      const id = this.#nextId++;
      const reply = await host.request({
        op: "create",
        session: id,
        ports: [a, b],
        bind: this.#bind,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        cname: this.#cname,
      });
      if (reply.ok) {
        const session = new RelaySession(id, [a, b], host, this.#clock, options, () => {
          this.#sessions.delete(id);
          this.#ports.release(a);
          this.#ports.release(b);
          host.sessions--;
        });
        this.#sessions.set(id, session);
        return { ok: true, session };
      }
      this.#ports.release(a);
      this.#ports.release(b);
      // Another program holds one of the ports: the allocator has moved on, try the next pair.
      if (reply.error !== "port-in-use") {
        host.sessions--;
        return {
          ok: false,
          error: "bind-failed",
          ...(reply.message ? { message: reply.message } : {}),
        };
      }
    }
    host.sessions--;
    return { ok: false, error: "bind-failed", message: "ports in use by other programs" };
  }

  /** Closes every session and stops the workers. */
  async close(): Promise<void> {
    for (const session of [...this.#sessions.values()]) await session.close();
    await Promise.all(this.#hosts.map((host) => host.close()));
  }
}
