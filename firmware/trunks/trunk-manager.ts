// SPEC ROUTE-1, STAT-3: runs the trunks. One registration client per enabled register-type
// trunk (restarted when the admin changes it), live status on the event bus, and the channel
// count per trunk (max concurrent calls; for an analog trunk, any free FXO line of its group)
// that the call engine asks for before it places a call on a trunk.

import type { EventBus, TrunkEvent } from "../events/event-bus.ts";
import type { Clock } from "../sip/clock.ts";
import type { Protocol } from "../sip/transport/transport.ts";
import {
  RegistrationClient,
  type RegistrationStatus,
  type RequestSender,
} from "../sip/usages/registration-client.ts";
import type { TrunkService, TrunkView } from "./trunk-service.ts";

export type TrunkState = TrunkEvent["state"] | "disabled" | "analog";

export interface TrunkStatus {
  state: TrunkState;
  reason?: string;
  expiresS?: number;
  retryInMs?: number;
  /** Calls the trunk carries now. */
  calls: number;
  atMs: number;
}

export interface TrunkManagerOptions {
  clock: Clock;
  stack: RequestSender;
  trunks: TrunkService;
  events: EventBus;
  /** The box's Via sent-by (`host:port`) for a transport. */
  sentBy(protocol: Protocol): string;
  /** A host name or address to an IP address; undefined when it does not resolve. */
  resolve(host: string): Promise<string | undefined>;
  /** Whether an FXO port's line is free now. */
  fxoFree?(port: number): boolean;
  log?: { warn(message: string, fields?: Record<string, unknown>): void };
}

export type ChannelResult =
  | { ok: true; release: () => void; fxoPort?: number }
  | { ok: false; reason: "unknown-trunk" | "disabled" | "all-busy" };

interface Running {
  client: RegistrationClient;
  generation: number;
  name: string;
  /** The registrar's resolved address. */
  address: string;
}

/** The live side of trunks: registrations, status, channel counts. */
export class TrunkManager {
  readonly #o: TrunkManagerOptions;
  readonly #running = new Map<number, Running>();
  readonly #status = new Map<number, RegistrationStatus>();
  readonly #calls = new Map<number, number>();
  readonly #fxoInUse = new Set<number>();
  /** Per trunk: bumped by each restart, so only the latest one goes on after a lookup. */
  readonly #generation = new Map<number, number>();
  #unsubscribe: (() => void) | undefined;
  #stopped = false;

  constructor(options: TrunkManagerOptions) {
    this.#o = options;
  }

  /** Starts every enabled register trunk and follows the admin's changes. */
  start(): void {
    this.#unsubscribe = this.#o.trunks.onChange((change) => void this.#restart(change.id));
    for (const trunk of this.#o.trunks.list()) void this.#restart(trunk.id);
  }

  /** Un-registers everything (waits for the answers, or the transaction timeout). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    const clients = [...this.#running.values()].map((r) => r.client);
    this.#running.clear();
    await Promise.all(clients.map((c) => c.stop()));
  }

  /** Live status of one trunk. */
  status(trunk: TrunkView): TrunkStatus {
    const calls = this.#calls.get(trunk.id) ?? 0;
    if (!trunk.enabled) return { state: "disabled", calls, atMs: this.#o.clock.now() };
    if (trunk.kind === "analog") return { state: "analog", calls, atMs: this.#o.clock.now() };
    if (trunk.kind === "peer") return { state: "peer", calls, atMs: this.#o.clock.now() };
    const s = this.#status.get(trunk.id);
    if (s === undefined || s.state === "idle")
      return { state: "registering", calls, atMs: this.#o.clock.now() };
    const { state, ...rest } = s;
    return { ...rest, state: state as TrunkState, calls };
  }

  /**
   * The trunk an incoming INVITE came from: a peer trunk by its address, else a register trunk
   * whose registrar resolved to this address (providers send calls from their registrar).
   */
  trunkFrom(sourceAddress: string, sourcePort?: number): TrunkView | undefined {
    const peer = this.#o.trunks.matchPeer(sourceAddress, sourcePort);
    if (peer) return peer;
    for (const [id, running] of this.#running)
      if (running.address === sourceAddress) {
        const trunk = this.#o.trunks.get(id);
        if (trunk?.enabled) return trunk;
      }
    return undefined;
  }

  /** The enabled analog trunk an FXO port belongs to (its incoming calls are that trunk's). */
  analogTrunkOf(fxoPort: number): TrunkView | undefined {
    return this.#o.trunks
      .list()
      .find((t) => t.kind === "analog" && t.enabled && t.fxoPorts.includes(fxoPort));
  }

  /** Takes one channel of the trunk for a call; `release` gives it back when the call ends. */
  acquire(trunkId: number): ChannelResult {
    const trunk = this.#o.trunks.get(trunkId);
    if (!trunk) return { ok: false, reason: "unknown-trunk" };
    if (!trunk.enabled) return { ok: false, reason: "disabled" };
    const calls = this.#calls.get(trunkId) ?? 0;
    if (trunk.maxCalls > 0 && calls >= trunk.maxCalls) return { ok: false, reason: "all-busy" };
    let fxoPort: number | undefined;
    if (trunk.kind === "analog") {
      fxoPort = trunk.fxoPorts.find(
        (p) => !this.#fxoInUse.has(p) && (this.#o.fxoFree?.(p) ?? true),
      );
      if (fxoPort === undefined) return { ok: false, reason: "all-busy" };
      this.#fxoInUse.add(fxoPort);
    }
    this.#calls.set(trunkId, calls + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.#calls.get(trunkId) ?? 1) - 1;
      if (left > 0) this.#calls.set(trunkId, left);
      else this.#calls.delete(trunkId);
      if (fxoPort !== undefined) this.#fxoInUse.delete(fxoPort);
    };
    return fxoPort === undefined ? { ok: true, release } : { ok: true, release, fxoPort };
  }

  async #restart(id: number): Promise<void> {
    const generation = (this.#generation.get(id) ?? 0) + 1;
    this.#generation.set(id, generation);
    const old = this.#running.get(id);
    this.#running.delete(id);
    this.#status.delete(id);
    if (old) await old.client.stop();
    if (generation !== this.#generation.get(id)) return;
    const trunk = this.#o.trunks.get(id);
    if (!trunk?.enabled || trunk.kind !== "register") {
      if (old) this.#emit(id, old.name, { state: "stopped", atMs: this.#o.clock.now() });
      return;
    }
    const address = await this.#o.resolve(trunk.host);
    // A newer change of this trunk arrived while resolving: that one wins.
    if (this.#stopped || this.#running.has(id) || generation !== this.#generation.get(id)) return;
    const name = trunk.name;
    if (address === undefined) {
      const status: RegistrationStatus = {
        state: "unreachable",
        reason: `cannot resolve ${trunk.host}`,
        atMs: this.#o.clock.now(),
      };
      this.#status.set(id, status);
      this.#emit(id, name, status);
      return;
    }
    const protocol: Protocol = trunk.transport;
    const sentBy = this.#o.sentBy(protocol);
    const domain = trunk.fromDomain || trunk.host;
    const password = this.#o.trunks.credentials(id)?.password ?? "";
    const client = new RegistrationClient({
      clock: this.#o.clock,
      stack: this.#o.stack,
      target: {
        protocol,
        address,
        port: trunk.port,
        ...(protocol === "TLS"
          ? { tls: { serverName: trunk.host, verify: trunk.verifyCertificate } }
          : {}),
      },
      registrar: `sip:${hostPart(domain)}${trunk.fromDomain ? "" : portPart(trunk.port)}`,
      aor: `sip:${trunk.fromUser || trunk.username}@${hostPart(domain)}`,
      sentBy,
      contact: `sip:${trunk.username}@${sentBy}${protocol === "UDP" ? "" : `;transport=${protocol.toLowerCase()}`}`,
      credentials: { username: trunk.authUsername || trunk.username, password },
      expiresS: trunk.registerExpiryS,
      onStatus: (status) => {
        if (this.#running.get(id)?.client !== client) return;
        this.#status.set(id, status);
        this.#emit(id, name, status);
        if (status.state === "failed" || status.state === "unreachable")
          this.#o.log?.warn("trunk registration", {
            trunk: name,
            state: status.state,
            reason: status.reason,
          });
      },
    });
    this.#running.set(id, { client, generation, name, address });
    client.start();
  }

  #emit(trunkId: number, name: string, status: RegistrationStatus): void {
    if (status.state === "idle") return;
    const event: TrunkEvent = {
      type: "trunk",
      trunkId,
      name,
      state: status.state,
      atMs: status.atMs,
    };
    if (status.reason !== undefined) event.reason = status.reason;
    this.#o.events.emit(event);
  }
}

function hostPart(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

function portPart(port: number): string {
  return port === 5060 ? "" : `:${port}`;
}
