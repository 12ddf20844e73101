// RFC 3261 §10.2 (constructing REGISTER: one Call-ID and rising CSeq per registrar, Contact with
// expires, refreshing before the binding expires, removing it with Expires: 0), §10.2.8 (423
// Interval Too Brief: retry with Min-Expires), §22.2-22.3 (answering 401/407), RFC 5626 §4.5
// (after a failure wait min(max, base * 2^failures), scaled by a random 50-100 %).
// The box's own registration to a provider or another box (a register-type trunk).

import { DigestClient, type DigestCredentials } from "../auth/digest-client.ts";
import type { DigestAlgorithm } from "../auth/digest-hash.ts";
import type { Clock, Timer } from "../clock.ts";
import { newCallId, newTag } from "../core/identifiers.ts";
import { buildRequest } from "../core/request-builder.ts";
import type { SipRequest, SipResponse } from "../message/message.ts";
import { parseNameAddr } from "../message/name-addr.ts";
import type { ClientTransactionUser } from "../transaction/non-invite-client.ts";
import type { Flow, Protocol } from "../transport/transport.ts";
import { answerChallenge, challengeHeaders, nextAttempt } from "./client-digest.ts";

/** What a registration client needs of the stack: sending through a client transaction. */
export interface RequestSender {
  request(request: SipRequest, flow: Flow, user: ClientTransactionUser): unknown;
}

export type RegistrationClientState =
  | "idle"
  | "registering"
  | "registered"
  | "failed"
  | "unreachable"
  | "stopped";

export interface RegistrationStatus {
  state: RegistrationClientState;
  /** For failed: the registrar's answer ("403 Forbidden") or what went wrong. */
  reason?: string;
  /** For registered: the granted binding lifetime. */
  expiresS?: number;
  /** For failed and unreachable: when the next attempt is made. */
  retryInMs?: number;
  atMs: number;
}

export interface RegistrationClientOptions {
  clock: Clock;
  stack: RequestSender;
  /** Where REGISTERs go (the registrar's address, already resolved). */
  target: Flow;
  /** Request-URI: the registrar's domain, e.g. `sip:provider.example`. */
  registrar: string;
  /** Address of record, in To and From: `sip:user@domain`. */
  aor: string;
  /** The box's address as Via sent-by (`host:port`). */
  sentBy: string;
  /** Contact URI to bind, e.g. `sip:user@192.0.2.1:5060`. */
  contact: string;
  credentials?: DigestCredentials;
  algorithms?: readonly DigestAlgorithm[];
  /** Requested binding lifetime (default 3600 s). */
  expiresS?: number;
  /** RFC 5626 §4.5 base time when every attempt failed (default 30 s) and cap (1800 s). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Uniform in [0, 1): scales the wait to 50-100 %; tests pass a fixed value. */
  random?: () => number;
  onStatus?(status: RegistrationStatus): void;
}

const DEFAULT_EXPIRES_S = 3600;
const REFRESH_MARGIN_S = 60;

/** Registers one address of record and keeps it registered until stopped. */
export class RegistrationClient {
  readonly #o: RegistrationClientOptions;
  readonly #digest: DigestClient | undefined;
  readonly #callId: string;
  readonly #fromTag = newTag();
  #cseq = 0;
  #expiresS: number;
  #timer: Timer | undefined;
  #failures = 0;
  #status: RegistrationStatus;
  #running = false;
  /** Resolves a pending stop once the removal is answered. */
  #removed: (() => void) | undefined;

  constructor(options: RegistrationClientOptions) {
    this.#o = options;
    this.#expiresS = options.expiresS ?? DEFAULT_EXPIRES_S;
    this.#callId = newCallId(options.sentBy.replace(/:\d+$/, ""));
    this.#status = { state: "idle", atMs: options.clock.now() };
    if (options.credentials)
      this.#digest = new DigestClient(
        options.credentials,
        options.algorithms ? { algorithms: options.algorithms } : {},
      );
  }

  get status(): RegistrationStatus {
    return this.#status;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#failures = 0;
    this.#send(this.#expiresS);
  }

  /** Stops refreshing and removes the binding (Expires: 0) if one was made. */
  stop(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    this.#running = false;
    this.#timer?.cancel();
    this.#timer = undefined;
    const wasRegistered = this.#status.state === "registered";
    this.#setStatus({ state: "stopped" });
    if (!wasRegistered) return Promise.resolve();
    return new Promise((resolve) => {
      this.#removed = resolve;
      this.#send(0);
    });
  }

  #send(expiresS: number): void {
    const protocol: Protocol = this.#o.target.protocol;
    const request = buildRequest({
      method: "REGISTER",
      uri: this.#o.registrar,
      to: `<${this.#o.aor}>`,
      from: `<${this.#o.aor}>`,
      fromTag: this.#fromTag,
      callId: this.#callId,
      cseq: ++this.#cseq,
      protocol,
      sentBy: this.#o.sentBy,
      contact: `<${this.#o.contact}>`,
    });
    request.headers.add("expires", String(expiresS));
    request.headers.add("content-length", "0");
    // Credentials for the nonce already known save a round trip on each refresh.
    const reused = this.#digest?.reuse({ method: "REGISTER", uri: this.#o.registrar });
    if (reused?.ok) request.headers.add(this.#credentialsHeader, reused.value);
    if (expiresS > 0 && this.#status.state !== "registered")
      this.#setStatus({ state: "registering" });
    this.#transact(request, expiresS, 0);
  }

  /** Which header carried the last challenge's answer (Authorization unless a proxy asked). */
  #credentialsHeader = "authorization";

  #transact(request: SipRequest, expiresS: number, challenges: number): void {
    this.#cseq = request.cseq?.seq ?? this.#cseq;
    this.#o.stack.request(request, this.#o.target, {
      onResponse: (response) => this.#onResponse(request, response, expiresS, challenges),
      onTimeout: () => this.#finish(expiresS, { state: "unreachable", reason: "no answer" }),
      onTransportError: (reason) => this.#finish(expiresS, { state: "unreachable", reason }),
    });
  }

  #onResponse(request: SipRequest, response: SipResponse, expiresS: number, challenges: number) {
    if (response.status < 200) return;
    if (!this.#running && expiresS > 0) {
      // Answered after stop(): a binding made anyway is removed at once.
      if (response.status < 300) this.#send(0);
      return;
    }
    if (response.status >= 200 && response.status < 300) {
      if (expiresS === 0) return this.#finish(0, { state: "stopped" });
      const granted = grantedExpiry(response, this.#o.contact) ?? expiresS;
      if (granted <= 0) return this.#finish(expiresS, { state: "failed", reason: "no binding" });
      this.#failures = 0;
      this.#setStatus({ state: "registered", expiresS: granted });
      // Refresh at the later of half-time and one minute before expiry (§10.2.4 leaves it open).
      const refreshS = Math.max(granted / 2, granted - REFRESH_MARGIN_S);
      this.#schedule(refreshS * 1000, () => this.#send(this.#expiresS));
      return;
    }
    const names = challengeHeaders(response.status);
    if (names !== undefined && this.#digest !== undefined) {
      // A second challenge in a row means the password was refused, unless the nonce was only
      // stale (RFC 7616 §3.3): then one more try with the new nonce is right.
      const stale = /stale\s*=\s*"?true/i.test(response.headers.getAll(names.challenge).join(","));
      if (challenges === 0 || (stale && challenges < 3)) {
        const answer = answerChallenge(request, response, this.#digest);
        if (answer.ok) {
          this.#credentialsHeader = names.credentials;
          return this.#transact(answer.request, expiresS, challenges + 1);
        }
        return this.#finish(expiresS, { state: "failed", reason: `${answer.error}` });
      }
      return this.#finish(expiresS, { state: "failed", reason: statusText(response) });
    }
    if (response.status === 423) {
      const minExpires = Number(response.headers.get("min-expires"));
      if (Number.isInteger(minExpires) && minExpires > expiresS && expiresS > 0) {
        this.#expiresS = minExpires;
        const retry = nextAttempt(request, [["expires", String(minExpires)]]);
        return this.#transact(retry, minExpires, challenges);
      }
    }
    this.#finish(expiresS, { state: "failed", reason: statusText(response) });
  }

  /** After an attempt that did not register: report, then retry with backoff. */
  #finish(expiresS: number, status: { state: RegistrationClientState; reason?: string }): void {
    if (expiresS === 0) {
      // The removal is over, answered or not; nothing is retried after a stop.
      const done = this.#removed;
      this.#removed = undefined;
      done?.();
      return;
    }
    if (!this.#running) return;
    this.#failures += 1;
    const base = this.#o.retryBaseMs ?? 30_000;
    const max = this.#o.retryMaxMs ?? 1_800_000;
    const ceiling = Math.min(max, base * 2 ** (this.#failures - 1));
    const waitMs = Math.round(ceiling * (0.5 + 0.5 * (this.#o.random ?? Math.random)()));
    this.#setStatus({ ...status, retryInMs: waitMs });
    this.#schedule(waitMs, () => this.#send(this.#expiresS));
  }

  #schedule(delayMs: number, fire: () => void): void {
    this.#timer?.cancel();
    this.#timer = this.#o.clock.setTimer(delayMs, () => {
      this.#timer = undefined;
      if (this.#running) fire();
    });
  }

  #setStatus(status: Omit<RegistrationStatus, "atMs">): void {
    this.#status = { ...status, atMs: this.#o.clock.now() };
    this.#o.onStatus?.(this.#status);
  }
}

function statusText(response: SipResponse): string {
  return `${response.status} ${response.reason}`.trim();
}

/** §10.2.4: the expires of our own Contact in the 200, else the Expires header. */
function grantedExpiry(response: SipResponse, contact: string): number | undefined {
  for (const value of response.headers.getAll("contact")) {
    const parsed = parseNameAddr(value);
    if (parsed === undefined || !sameUri(parsed.uri, contact)) continue;
    const expires = Number(parsed.params.get("expires"));
    if (Number.isInteger(expires) && expires >= 0) return expires;
  }
  const header = Number(response.headers.get("expires"));
  return Number.isInteger(header) && header >= 0 ? header : undefined;
}

function sameUri(a: string, b: string): boolean {
  const strip = (u: string) => u.replace(/;.*$/, "").toLowerCase();
  return strip(a) === strip(b);
}
