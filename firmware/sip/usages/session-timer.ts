// RFC 4028 session timers: a dialog is kept alive by a refresh (re-INVITE or UPDATE) every
// Session-Expires interval. The refresher sends one at half the interval (§7.4, §10); the
// other side ends the session when none came "by the session expiration minus ... the
// minimum of 32 seconds and one third of the session interval" (§10).

import type { Clock, Timer } from "../clock.ts";

export type Refresher = "local" | "remote";

/** RFC 4028 §4: the smallest interval allowed (Min-SE default). */
export const MIN_SE_S = 90;

export interface SessionTimerHooks {
  /** Our turn to refresh. */
  refresh(): void;
  /** The peer's refresh did not come in time. */
  expired(): void;
}

export class SessionTimer {
  readonly #clock: Clock;
  readonly #hooks: SessionTimerHooks;
  #intervalS = 0;
  #refresher: Refresher = "remote";
  #timer: Timer | undefined;

  constructor(clock: Clock, hooks: SessionTimerHooks) {
    this.#clock = clock;
    this.#hooks = hooks;
  }

  get intervalS(): number {
    return this.#intervalS;
  }

  get refresher(): Refresher {
    return this.#refresher;
  }

  /** (Re)starts the timer after a successful refresh or the initial answer. */
  start(intervalS: number, refresher: Refresher): void {
    this.#intervalS = intervalS;
    this.#refresher = refresher;
    this.#arm();
  }

  /** A refresh happened (sent by us and answered 2xx, or received from the peer). */
  refreshed(): void {
    if (this.#intervalS > 0) this.#arm();
  }

  stop(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#intervalS = 0;
  }

  #arm(): void {
    this.#timer?.cancel();
    const s = this.#intervalS;
    if (this.#refresher === "local") {
      this.#timer = this.#clock.setTimer((s * 1000) / 2, () => this.#hooks.refresh());
    } else {
      const leadS = Math.min(32, s / 3);
      this.#timer = this.#clock.setTimer((s - leadS) * 1000, () => this.#hooks.expired());
    }
  }
}

/** Parses "1800;refresher=uac" (RFC 4028 §4). */
export function parseSessionExpires(
  value: string | undefined,
): { intervalS: number; refresher?: "uac" | "uas" } | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*(\d{1,10})\s*(?:;(.*))?$/.exec(value);
  if (!match) return undefined;
  const intervalS = Number(match[1]);
  const refresher = /refresher\s*=\s*(uac|uas)/i.exec(match[2] ?? "")?.[1]?.toLowerCase();
  return refresher === "uac" || refresher === "uas" ? { intervalS, refresher } : { intervalS };
}
