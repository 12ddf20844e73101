// Back-pressure for the SIP stack: past a set load the box answers a new request with 503 and
// Retry-After (RFC 3261 §21.5.4) at once, statelessly, instead of taking on a transaction it
// cannot afford. Load is the server transactions held (each holds memory until its Timer J or
// H runs out). Phones registered from the request's address keep being served up to a
// ceiling a quarter higher, so a flood from elsewhere (or a storm of phones re-registering
// after a power cut) does not cut off the office's calls. Requests inside a dialog (BYE,
// re-INVITE) always pass: they end or keep calls the box has already taken on.
//
// Calls (INVITE sessions) are bounded apart from transactions: each lasts as long as its
// parties talk, so past `maxCalls` a new INVITE is refused whoever sends it, unless the
// application exempts it. That refusal is 503 without Retry-After (§21.5.4: the caller treats
// it as a 500 and that call fails): with Retry-After a phone may take the whole server for
// down that long (RFC 3263 §4.3), and then not send the next call, which the box might take.
//
// How late the event loop runs is not a signal here: a slow start (a board's first seconds,
// an emulated one) would refuse phones that the box could serve a moment later.
import type { SipRequest } from "../message/message.ts";
import type { Flow } from "../transport/transport.ts";

export interface LoadLimits {
  /** Server transactions held before requests from unknown addresses are refused. */
  maxTransactions: number;
  /** Calls in progress (and being set up) before a new INVITE is refused. */
  maxCalls: number;
  /** Retry-After seconds; each refusal names a value from this up to twice it, to spread retries. */
  retryAfterS: number;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = {
  // A completed transaction keeps only its answer (about 1 KB) for Timer J's 32 s: 300,000 is
  // 9,000 registrations a second, held in some 300 MB at most.
  maxTransactions: 300_000,
  // The most concurrent relayed calls measured without loss on two x64 cores (234 MB); a
  // slower board is given less with --sip-max-calls.
  maxCalls: 1_600,
  retryAfterS: 10,
};

/** Registered addresses get this much more room before they too are refused. */
const TRUSTED_HEADROOM = 1.25;

export interface LoadShedderOptions {
  limits: LoadLimits;
  transactions(): number;
  /** Calls in progress, counting those being set up. */
  calls(): number;
  /** Whether a new INVITE passes the call limit anyway. */
  exempt(request: SipRequest): boolean;
  /** Whether a phone is registered from this address. */
  trusted(flow: Flow): boolean;
  /** An INVITE was refused at the call limit, `calls` being in progress. */
  onCallRefused?(calls: number, limit: CallLimitState): void;
  random?: () => number;
}

/** Why a request is refused: a 503 with this reason phrase, and Retry-After when given. */
export interface Refusal {
  reason: string;
  retryAfterS?: number;
}

/** The limit on calls in progress and the INVITEs refused at it since the start. */
export interface CallLimitState {
  limit: number;
  refused: number;
}

/** The call limit's 503: without Retry-After (see above), its reason saying why. */
export const CALL_LIMIT_REASON = "Maximum Calls In Progress";

export class LoadShedder {
  readonly #o: LoadShedderOptions;
  /** Requests refused since the start. */
  refused = 0;
  /** Of those, INVITEs refused at the call limit. */
  #refusedCalls = 0;

  constructor(options: LoadShedderOptions) {
    this.#o = options;
  }

  get callLimit(): CallLimitState {
    return { limit: this.#o.limits.maxCalls, refused: this.#refusedCalls };
  }

  /** Whether `request` must be refused, and how; undefined when it may be served. */
  refuses(request: SipRequest, flow: Flow): Refusal | undefined {
    if (inDialog(request)) return undefined;
    if (this.#overTransactions(flow)) {
      this.refused++;
      return { reason: "Service Unavailable", retryAfterS: this.#retryAfter() };
    }
    if (request.method !== "INVITE") return undefined;
    const calls = this.#o.calls();
    if (calls < this.#o.limits.maxCalls || this.#o.exempt(request)) return undefined;
    this.refused++;
    this.#refusedCalls++;
    this.#o.onCallRefused?.(calls, this.callLimit);
    return { reason: CALL_LIMIT_REASON };
  }

  #overTransactions(flow: Flow): boolean {
    const { maxTransactions } = this.#o.limits;
    const held = this.#o.transactions();
    if (held < maxTransactions) return false;
    return !(held < maxTransactions * TRUSTED_HEADROOM && this.#o.trusted(flow));
  }

  /** From retryAfterS up to twice it, so refused peers do not all come back at once. */
  #retryAfter(): number {
    const { retryAfterS } = this.#o.limits;
    return retryAfterS + Math.floor((this.#o.random ?? Math.random)() * (retryAfterS + 1));
  }
}

/** A request with a To tag belongs to a dialog the box is part of (RFC 3261 §12.2). */
function inDialog(request: SipRequest): boolean {
  return request.to?.params.has("tag") === true;
}
