// Back-pressure for the SIP stack: past a set load the box answers a new request with 503 and
// Retry-After (RFC 3261 §21.5.4) at once, statelessly, instead of taking on a transaction it
// cannot afford. Load is the server transactions held (each holds memory until its Timer J or
// H runs out). Phones registered from the request's address keep being served up to a
// ceiling a quarter higher, so a flood from elsewhere (or a storm of phones re-registering
// after a power cut) does not cut off the office's calls. Requests inside a dialog (BYE,
// re-INVITE) always pass: they end or keep calls the box has already taken on.
//
// Calls are bounded apart from transactions: each call in progress holds relay ports, legs and
// a bridge for as long as it lasts, so past `maxCalls` a new INVITE gets 503 whoever sends it.
// An emergency number dialled as it is still passes: the limit guards memory, and one call more
// is worth less than a call to the police that never rings.
//
// How late the event loop runs is not a signal here: a slow start (a board's first seconds,
// an emulated one) would refuse phones that the box could serve a moment later.
import type { SipRequest } from "../message/message.ts";
import type { Flow } from "../transport/transport.ts";

export interface LoadLimits {
  /** Server transactions held before requests from unknown addresses are refused. */
  maxTransactions: number;
  /** Calls in progress before a new INVITE is refused (emergency numbers excepted). */
  maxCalls: number;
  /** Retry-After seconds; each refusal names a value from this up to twice it, to spread retries. */
  retryAfterS: number;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = {
  // A completed transaction keeps only its answer (about 1 KB) for Timer J's 32 s: 300,000 is
  // 9,000 registrations a second, held in some 300 MB at most.
  maxTransactions: 300_000,
  // The relay carries 1,200 concurrent calls under 0.1 % loss on two cores and about 230 MB;
  // 2,000 keeps a 1 GB board clear of the memory they would need, below the 2,500 calls the
  // default RTP range (10000-20000, four ports a call) could open.
  maxCalls: 2_000,
  retryAfterS: 10,
};

/** Registered addresses get this much more room before they too are refused. */
const TRUSTED_HEADROOM = 1.25;

export interface LoadShedderOptions {
  limits: LoadLimits;
  transactions(): number;
  /** Calls in progress. */
  calls(): number;
  /** Whether an INVITE dials an emergency number (it passes the call limit). */
  emergency(request: SipRequest): boolean;
  /** Whether a phone is registered from this address. */
  trusted(flow: Flow): boolean;
  /** An INVITE was refused at the call limit, `calls` being in progress. */
  onCallRefused?(calls: number): void;
  random?: () => number;
}

export class LoadShedder {
  readonly #o: LoadShedderOptions;
  /** Requests refused since the start. */
  refused = 0;
  /** Of those, INVITEs refused at the call limit. */
  refusedCalls = 0;

  constructor(options: LoadShedderOptions) {
    this.#o = options;
  }

  /** Retry-After seconds when `request` must be refused, else undefined. */
  refuses(request: SipRequest, flow: Flow): number | undefined {
    if (inDialog(request)) return undefined;
    if (this.#overTransactions(flow)) return this.#refuse();
    if (request.method !== "INVITE") return undefined;
    const calls = this.#o.calls();
    if (calls >= this.#o.limits.maxCalls && !this.#o.emergency(request)) {
      this.refusedCalls++;
      this.#o.onCallRefused?.(calls);
      return this.#refuse();
    }
    return undefined;
  }

  #overTransactions(flow: Flow): boolean {
    const { maxTransactions } = this.#o.limits;
    const held = this.#o.transactions();
    if (held < maxTransactions) return false;
    return !(held < maxTransactions * TRUSTED_HEADROOM && this.#o.trusted(flow));
  }

  #refuse(): number {
    const { retryAfterS } = this.#o.limits;
    this.refused++;
    return retryAfterS + Math.floor((this.#o.random ?? Math.random)() * (retryAfterS + 1));
  }
}

/** A request with a To tag belongs to a dialog the box is part of (RFC 3261 §12.2). */
function inDialog(request: SipRequest): boolean {
  return /;\s*tag\s*=/i.test(request.headers.get("to") ?? "");
}
