// SPEC BILL-4 and the rating decisions under BILL-8: one rate rule, and what a call it rates
// costs. Money is integer minor units (fen for CNY) everywhere; durations are seconds.

/** A rate rule as the billing user saves it. */
export interface RateRule {
  id: number;
  enabled: boolean;
  remark: string;
  /** Digits the dialled number starts with (the outbound prefix included); "" = any number. */
  prefix: string;
  /** Prefix + number, in digits; 0 = any length. */
  numberLength: number;
  /** Charged once when the call is answered; covers the first `initialTimeS` seconds. */
  initialFeeMinor: number;
  initialTimeS: number;
  /** Charged for every started period after the initial time. */
  rateMinor: number;
  periodS: number;
  /** Daily active window, minutes after midnight in the box's time zone; from == to = all day. */
  activeFromMin: number;
  activeToMin: number;
  /** Extensions the rule applies to; empty = every extension. */
  extensions: string[];
}

/** What one answered call of `talkSeconds` costs under a rule. */
export interface CostBreakdown {
  initialFeeMinor: number;
  /** Seconds after the initial time, charged by period. */
  periodSeconds: number;
  /** Started periods after the initial time. */
  periods: number;
  periodsMinor: number;
  totalMinor: number;
}

/** The cost of an answered call: the initial fee once, then one rate per started period. */
export function cost(rule: RateRule, talkSeconds: number): CostBreakdown {
  const talk = Number.isFinite(talkSeconds) && talkSeconds > 0 ? talkSeconds : 0;
  const periodSeconds = Math.max(0, talk - rule.initialTimeS);
  // A rule without a period (0) charges only its initial fee.
  const periods = rule.periodS > 0 ? Math.ceil(periodSeconds / rule.periodS) : 0;
  const periodsMinor = periods * rule.rateMinor;
  return {
    initialFeeMinor: rule.initialFeeMinor,
    periodSeconds,
    periods,
    periodsMinor,
    totalMinor: rule.initialFeeMinor + periodsMinor,
  };
}

/**
 * The first amount a call owes at answer, and the seconds it pays for: the initial fee and
 * time when the rule has them, else the first period.
 */
export function firstCharge(rule: RateRule): { amountMinor: number; coversS: number } {
  if (rule.initialFeeMinor > 0 || rule.initialTimeS > 0)
    return { amountMinor: rule.initialFeeMinor, coversS: rule.initialTimeS };
  return { amountMinor: rule.rateMinor, coversS: rule.periodS };
}

/** True when `minute` (0..1439) falls in the rule's daily window; the end is exclusive. */
export function isActiveAt(rule: Pick<RateRule, "activeFromMin" | "activeToMin">, minute: number) {
  const { activeFromMin: from, activeToMin: to } = rule;
  if (from === to) return true;
  // A window such as 22:00-06:00 runs past midnight.
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/** "HH:MM" as minutes after midnight, or undefined. "24:00" is the end of the day. */
export function parseTimeOfDay(text: string): number | undefined {
  const m = /^([01]?\d|2[0-4]):([0-5]\d)$/.exec(text.trim());
  if (!m) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 1440 ? minutes % 1440 : undefined;
}

/** Minutes after midnight as "HH:MM". */
export function formatTimeOfDay(minutes: number): string {
  const h = Math.floor(minutes / 60);
  return `${String(h).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
