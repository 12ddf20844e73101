// SPEC WEB-1 hardening: failed web logins are limited per client address (by default 5 in a
// sliding minute, then 429 with Retry-After, RFC 9110 section 10.2.3). Time comes from the
// injected clock; the table is bounded so a flood of source addresses cannot grow it forever.
import type { Clock } from "../services.ts";

export interface LoginRateLimitOptions {
  maxFailures?: number;
  windowMs?: number;
  maxTrackedAddresses?: number;
}

/** Counts failed logins per client address. */
export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxTracked: number;

  constructor(
    private readonly clock: Clock,
    options: LoginRateLimitOptions = {},
  ) {
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxTracked = options.maxTrackedAddresses ?? 10_000;
  }

  /** Seconds `address` must wait before trying again; 0 when it may try now. */
  retryAfterS(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.maxFailures) return 0;
    const freeAtMs = recent[recent.length - this.maxFailures]! + this.windowMs;
    return Math.max(1, Math.ceil((freeAtMs - this.clock.now()) / 1000));
  }

  /**
   * Counts one attempt from `address` before its password is checked, and says whether it may
   * go ahead (0) or how many seconds it must wait. Checking and counting happen together, so
   * parallel guesses cannot all pass the check before any of them is counted; a successful
   * login then calls reset().
   */
  takeAttempt(address: string): number {
    const wait = this.retryAfterS(address);
    if (wait === 0) this.recordFailure(address);
    return wait;
  }

  /** Notes one failed attempt from `address`. */
  recordFailure(address: string): void {
    const recent = this.recent(address);
    recent.push(this.clock.now());
    this.failures.delete(address);
    this.failures.set(address, recent.slice(-this.maxFailures));
    if (this.failures.size > this.maxTracked) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  /** Forgets the failures of `address` after a successful login. */
  reset(address: string): void {
    this.failures.delete(address);
  }

  private recent(address: string): number[] {
    const since = this.clock.now() - this.windowMs;
    return (this.failures.get(address) ?? []).filter((t) => t > since);
  }
}
