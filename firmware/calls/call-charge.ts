// SPEC BILL-2, BILL-8 in a call: the charge of one billed outbound call, from answer to hang-up
// (firmware/billing/README.md "How the call engine uses it"). At answer the rule in force then
// rates the call and its first charge is reserved; while the call talks, one period more is
// reserved each time the paid time runs out. WARNING_LEAD_MS before that moment the charge
// checks that the next period can be paid: if not, the caller hears the warning, and the call
// is cut when the paid time is over, so a prepaid extension never talks longer than it can pay
// for, however many of its calls run at once (the ledger's reservations see them all). At the
// end the call is settled exactly once, for the time it talked.

import type { OutboundDecision } from "../billing/authorize-outbound.ts";
import type { ChargeLedger } from "../billing/charge-ledger.ts";
import type { RateRule } from "../billing/rate-rule.ts";
import type { Clock, Timer } from "../sip/clock.ts";

/** How long before the paid time ends the caller is warned that it cannot be extended. */
export const WARNING_LEAD_MS = 10_000;

/** What a call needs of billing (firmware/billing's BillingService has it). */
export interface CallBilling {
  authorizeOutbound(extension: string, number: string, atMs: number): OutboundDecision;
  ruleFor(extension: string, number: string, atMs: number): RateRule | undefined;
  readonly ledger: Pick<ChargeLedger, "reserve" | "extend" | "canExtend" | "settle">;
}

export interface CallChargeOptions {
  clock: Clock;
  billing: CallBilling;
  callId: string;
  extension: string;
  /** As dialled, outbound prefix included: how rates are written. */
  number: string;
  /** The next period cannot be paid: tell the caller (the call is cut at the end of paid time). */
  warn(): void;
  /** The paid time is over: end the call. */
  cut(): void;
}

/** What the call's record says of its charge. */
export interface ChargeOutcome {
  chargedMinor: number;
  /** Cut because the next period could not be paid. */
  cut: boolean;
}

export class CallCharge {
  readonly #o: CallChargeOptions;
  #id: number | undefined;
  #answeredAtMs = 0;
  #coversS = 0;
  #timer: Timer | undefined;
  #cut = false;
  #done = false;

  constructor(options: CallChargeOptions) {
    this.#o = options;
  }

  /**
   * The call was answered: rated now and its first charge reserved. False when it cannot be
   * paid (the money went to another call meanwhile): the caller is told and the call ended.
   */
  answered(atMs: number): boolean {
    const o = this.#o;
    const rule = o.billing.ruleFor(o.extension, o.number, atMs);
    // No rule in force at answer (a daily window closed meanwhile): the call is not charged.
    if (!rule) return true;
    const reserved = o.billing.ledger.reserve({
      callId: o.callId,
      extension: o.extension,
      number: o.number,
      rule,
      atMs,
    });
    if (!reserved.ok) return false;
    this.#id = reserved.value.id;
    this.#answeredAtMs = atMs;
    this.#coversS = reserved.value.coversS;
    // A rule without periods charges its initial fee only: the call may talk as long as it likes.
    if (rule.periodS > 0) this.#schedule();
    return true;
  }

  /** The call ended: the charge is settled (or released when never answered), once. */
  ended(atMs: number): ChargeOutcome | undefined {
    this.#timer?.cancel();
    if (this.#done || this.#id === undefined) return undefined;
    this.#done = true;
    const talkS = Math.max(0, (atMs - this.#answeredAtMs) / 1000);
    // A cut call talked exactly its paid time; the timer's lateness is not the caller's.
    const paid = this.#cut ? Math.min(talkS, this.#coversS) : talkS;
    const settled = this.#o.billing.ledger.settle(this.#id, paid, atMs);
    if (!settled.ok) return undefined;
    return { chargedMinor: settled.value.chargedMinor ?? 0, cut: this.#cut };
  }

  #schedule(): void {
    const endMs = this.#answeredAtMs + this.#coversS * 1000;
    const warnInMs = endMs - WARNING_LEAD_MS - this.#o.clock.now();
    this.#timer = this.#o.clock.setTimer(Math.max(0, warnInMs), () => this.#check(endMs));
  }

  #check(endMs: number): void {
    if (this.#id === undefined || this.#done) return;
    if (!this.#o.billing.ledger.canExtend(this.#id)) this.#o.warn();
    const inMs = Math.max(0, endMs - this.#o.clock.now());
    this.#timer = this.#o.clock.setTimer(inMs, () => this.#extend());
  }

  #extend(): void {
    if (this.#id === undefined || this.#done) return;
    const extended = this.#o.billing.ledger.extend(this.#id);
    if (extended.ok) {
      this.#coversS = extended.value.coversS;
      this.#schedule();
      return;
    }
    this.#cut = true;
    this.#o.cut();
  }
}
