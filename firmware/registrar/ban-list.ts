// Brute-force protection for SIP logins (DESIGN.md registrar): too many failed
// authentications from one address within a window bans that address for a while.
// Defaults: 5 failures in 60 s ban for 10 minutes; whitelisted networks are never banned.

import type { Cidr } from "./networks.ts";
import { matchesAny } from "./networks.ts";

export interface BanPolicy {
  maxFailures: number;
  windowMs: number;
  banMs: number;
  whitelist: readonly Cidr[];
}

export const DEFAULT_BAN_POLICY: BanPolicy = {
  maxFailures: 5,
  windowMs: 60_000,
  banMs: 10 * 60_000,
  whitelist: [],
};

export interface Ban {
  address: string;
  sinceMs: number;
  untilMs: number;
  failures: number;
}

export class BanList {
  readonly #failures = new Map<string, number[]>();
  readonly #bans = new Map<string, Ban>();
  readonly #now: () => number;
  policy: BanPolicy;

  constructor(now: () => number, policy: BanPolicy = DEFAULT_BAN_POLICY) {
    this.#now = now;
    this.policy = policy;
  }

  isBanned(address: string): boolean {
    const ban = this.#bans.get(address);
    if (!ban) return false;
    if (ban.untilMs > this.#now()) return true;
    this.#bans.delete(address);
    return false;
  }

  /** Records a failed authentication; returns the new ban when this failure caused one. */
  recordFailure(address: string): Ban | undefined {
    if (matchesAny(address, this.policy.whitelist)) return undefined;
    const now = this.#now();
    const recent = (this.#failures.get(address) ?? []).filter(
      (t) => now - t < this.policy.windowMs,
    );
    recent.push(now);
    if (recent.length < this.policy.maxFailures) {
      this.#failures.set(address, recent);
      this.#trim();
      return undefined;
    }
    this.#failures.delete(address);
    const ban = {
      address,
      sinceMs: now,
      untilMs: now + this.policy.banMs,
      failures: recent.length,
    };
    this.#bans.set(address, ban);
    return ban;
  }

  /** A successful login clears the address's failure count. */
  recordSuccess(address: string): void {
    this.#failures.delete(address);
  }

  list(): Ban[] {
    const now = this.#now();
    return [...this.#bans.values()].filter((b) => b.untilMs > now);
  }

  lift(address: string): boolean {
    this.#failures.delete(address);
    return this.#bans.delete(address);
  }

  /** Keeps the failure table bounded under a scan from many addresses. */
  #trim(): void {
    if (this.#failures.size <= 10_000) return;
    const now = this.#now();
    for (const [address, times] of this.#failures) {
      if (times.every((t) => now - t >= this.policy.windowMs)) this.#failures.delete(address);
    }
  }
}
