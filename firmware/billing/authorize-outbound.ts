// SPEC BILL-2: whether an extension may call out, as a value (STYLE: decide, then act). A
// locked extension never calls out, even with billing off box-wide; an extension with billing on must be able to pay the
// first charge of the rule that would rate the call from its balance plus credit (less what
// its other calls in progress have reserved). Without billing, or without a rule, the call
// goes out and is not charged.
import { firstCharge, type RateRule } from "./rate-rule.ts";

export type PaymentMethod = "prepaid" | "postpaid";

/** An extension's billing state. */
export interface BillingAccount {
  extension: string;
  billingEnabled: boolean;
  paymentMethod: PaymentMethod;
  balanceMinor: number;
  creditLimitMinor: number;
  locked: boolean;
  totalTopUpMinor: number;
}

export type OutboundDecision =
  | { allowed: true; charged: false; why: "billing-off" | "no-rule" }
  | { allowed: true; charged: true; rule: RateRule; firstChargeMinor: number }
  | { allowed: false; reason: "locked" | "insufficient-funds"; availableMinor?: number };

export interface OutboundFacts {
  /** The box-wide billing switch (BILL-8). */
  billingOn: boolean;
  account: BillingAccount;
  /** The rule that would rate the call now, if any. */
  rule: RateRule | undefined;
  /** Reserved by the extension's calls in progress. */
  reservedMinor: number;
}

/** Balance first, then credit, less what calls in progress hold. */
export function availableMinor(account: BillingAccount, reservedMinor: number): number {
  return account.balanceMinor + account.creditLimitMinor - reservedMinor;
}

/** Whether the call may go out, and whether it is charged. */
export function decideOutbound(f: OutboundFacts): OutboundDecision {
  // The lock is the billing user's stop switch: it holds whether or not calls are charged.
  if (f.account.locked) return { allowed: false, reason: "locked" };
  if (!f.billingOn) return { allowed: true, charged: false, why: "billing-off" };
  if (!f.account.billingEnabled) return { allowed: true, charged: false, why: "billing-off" };
  if (!f.rule) return { allowed: true, charged: false, why: "no-rule" };
  const first = firstCharge(f.rule).amountMinor;
  const available = availableMinor(f.account, f.reservedMinor);
  if (available < first || available <= 0)
    return { allowed: false, reason: "insufficient-funds", availableMinor: available };
  return { allowed: true, charged: true, rule: f.rule, firstChargeMinor: first };
}
