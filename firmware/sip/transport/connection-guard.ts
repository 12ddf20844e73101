// Bounds on connection-oriented transports (TCP, TLS, WebSocket; RFC 3261 §18 leaves them to
// the implementation, RFC 5626 §4.4 keeps registration flows open). Without them one host can
// open every slot and stay silent. Here: a total and a per-address cap, a deadline for the
// first complete message, and an idle limit that is short for connections carrying nothing
// the box wants kept and long for registration (and call) flows. Silent and over-limit
// connections are reported, so the ban list can count them like failed logins.

import type { Clock, Timer } from "../clock.ts";

export interface ConnectionLimits {
  /** Connections in all (the slots). */
  maxConnections: number;
  /** Connections from one address. */
  maxPerAddress: number;
  /** Time from accept to the first complete message (or keepalive). */
  firstMessageMs: number;
  /** Idle time allowed on a connection without a registration or call. */
  idleMs: number;
  /** Idle time allowed on a registration or call flow. */
  retainedIdleMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxConnections: 4096,
  maxPerAddress: 32,
  firstMessageMs: 10_000,
  idleMs: 120_000,
  retainedIdleMs: 600_000,
};

/** Why a connection was refused or closed by the guard. */
export type GuardReason = "over-limit" | "silent" | "idle";

interface Tracked {
  address: string;
  openedMs: number;
  lastMs: number;
  spoken: boolean;
  retained: boolean;
  timer: Timer | undefined;
}

/** Counts and times connections; `evict` closes one the guard gave up on. */
export class ConnectionGuard {
  readonly limits: ConnectionLimits;
  readonly #clock: Clock;
  readonly #evict: (id: number, reason: GuardReason) => void;
  readonly #connections = new Map<number, Tracked>();
  readonly #perAddress = new Map<string, number>();

  constructor(
    clock: Clock,
    limits: Partial<ConnectionLimits>,
    evict: (id: number, reason: GuardReason) => void,
  ) {
    this.#clock = clock;
    this.limits = { ...DEFAULT_CONNECTION_LIMITS, ...limits };
    this.#evict = evict;
  }

  /** Whether one more connection from `address` fits; "over-limit" when it does not. */
  admit(address: string): GuardReason | undefined {
    if (this.#connections.size >= this.limits.maxConnections) return "over-limit";
    if ((this.#perAddress.get(address) ?? 0) >= this.limits.maxPerAddress) return "over-limit";
    return undefined;
  }

  /**
   * Starts tracking an admitted connection. One the box opened itself (`outgoing`) owes no
   * first message: the box spoke first.
   */
  opened(id: number, address: string, outgoing = false): void {
    const now = this.#clock.now();
    const tracked: Tracked = {
      address,
      openedMs: now,
      lastMs: now,
      spoken: outgoing,
      retained: false,
      timer: undefined,
    };
    this.#connections.set(id, tracked);
    this.#perAddress.set(address, (this.#perAddress.get(address) ?? 0) + 1);
    this.#schedule(id, tracked, outgoing ? this.limits.idleMs : this.limits.firstMessageMs);
  }

  /** A complete message or keepalive arrived (partial bytes do not count: slowloris). */
  activity(id: number): void {
    const tracked = this.#connections.get(id);
    if (!tracked) return;
    tracked.spoken = true;
    tracked.lastMs = this.#clock.now();
  }

  /** The connection carries a registration or a call: the long idle limit applies. */
  retain(id: number): void {
    const tracked = this.#connections.get(id);
    if (tracked) tracked.retained = true;
  }

  closed(id: number): void {
    const tracked = this.#connections.get(id);
    if (!tracked) return;
    tracked.timer?.cancel();
    this.#connections.delete(id);
    const left = (this.#perAddress.get(tracked.address) ?? 1) - 1;
    if (left > 0) this.#perAddress.set(tracked.address, left);
    else this.#perAddress.delete(tracked.address);
  }

  get count(): number {
    return this.#connections.size;
  }

  countFrom(address: string): number {
    return this.#perAddress.get(address) ?? 0;
  }

  /** One timer per connection, moved forward only when it fires (no churn per message). */
  #schedule(id: number, tracked: Tracked, delayMs: number): void {
    tracked.timer = this.#clock.setTimer(delayMs, () => {
      if (this.#connections.get(id) !== tracked) return;
      const now = this.#clock.now();
      if (!tracked.spoken) {
        this.closed(id);
        this.#evict(id, "silent");
        return;
      }
      const limit = tracked.retained ? this.limits.retainedIdleMs : this.limits.idleMs;
      const due = tracked.lastMs + limit;
      if (now >= due) {
        this.closed(id);
        this.#evict(id, "idle");
        return;
      }
      this.#schedule(id, tracked, due - now);
    });
  }
}
