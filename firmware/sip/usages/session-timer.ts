// RFC 4028 session timers: a dialog is kept alive by a refresh (re-INVITE or UPDATE) every
// Session-Expires interval. The refresher sends one at half the interval (§7.4, §10); the
// other side ends the session when none came "by the session expiration minus ... the
// minimum of 32 seconds and one third of the session interval" (§10).

import type { Clock, Timer } from "../clock.ts";
import type { SipRequest, SipResponse } from "../message/message.ts";

export type Refresher = "local" | "remote";

/** A negotiated session timer: its interval and who refreshes. */
export interface SessionInterval {
  intervalS: number;
  /** This side ("local") or the peer ("remote"). */
  refresher: Refresher;
}

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

/**
 * RFC 4028 §9: the UAS's 2xx to an INVITE asking for a session timer carries the interval
 * (at least Min-SE) and the refresher (the UAC unless it asked the UAS to), with Require:
 * timer when the UAC supports timers. The headers to add, and the interval to run.
 */
export function answerSessionExpires(invite: SipRequest): {
  headers: [string, string][];
  interval?: SessionInterval;
} {
  const se = parseSessionExpires(invite.headers.get("session-expires"));
  if (!se) return { headers: [] };
  const intervalS = Math.max(se.intervalS, MIN_SE_S);
  const refresher = se.refresher ?? "uac";
  const headers: [string, string][] = [["session-expires", `${intervalS};refresher=${refresher}`]];
  const supports = [
    ...invite.headers.getAll("supported"),
    ...invite.headers.getAll("require"),
  ].some((t) => t.trim().toLowerCase() === "timer");
  if (supports) headers.push(["require", "timer"]);
  return { headers, interval: { intervalS, refresher: refresher === "uas" ? "local" : "remote" } };
}

/** RFC 4028 §7.2: the session timer a 2xx to our INVITE set; we refresh unless it names the UAS. */
export function acceptedSessionExpires(response: SipResponse): SessionInterval | undefined {
  const se = parseSessionExpires(response.headers.get("session-expires"));
  if (!se) return undefined;
  return { intervalS: se.intervalS, refresher: se.refresher === "uas" ? "remote" : "local" };
}
