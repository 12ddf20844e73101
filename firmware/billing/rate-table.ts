// The rating decision under SPEC BILL-8: a call is rated by the rule that matches at its answer
// time; among matching rules the longest prefix wins, then an exact length over length 0. The
// rules are indexed by prefix once, so a lookup walks only the number's own prefixes (at most
// its length) instead of every rule: thousands of prefixes rate in microseconds.
import { isActiveAt, type RateRule } from "./rate-rule.ts";

/** Rules indexed by prefix, built once per change of the rules. */
export interface RateTable {
  readonly rules: readonly RateRule[];
  readonly byPrefix: ReadonlyMap<string, readonly RateRule[]>;
  readonly longestPrefix: number;
}

/** Why a rule that shares the number's prefix did not rate the call. */
export type RejectReason =
  | "disabled"
  | "length"
  | "outside-hours"
  | "extension"
  | "longer-prefix"
  | "exact-length"
  | "earlier-rule";

export interface Rejection {
  rule: RateRule;
  reason: RejectReason;
}

/** What rating one call decided. */
export interface RatingDecision {
  /** The rule that rates the call; undefined = the call is not charged. */
  rule: RateRule | undefined;
  /** Every rule whose prefix starts the number, and why it lost or did not apply. */
  rejected: Rejection[];
  /** How many rules have a prefix the number does not start with. */
  otherPrefixes: number;
}

export interface RateQuery {
  /** As dialled, outbound prefix included. */
  number: string;
  /** Minutes after midnight in the box's time zone at answer. */
  minuteOfDay: number;
  extension: string;
}

/** Indexes `rules` by prefix. */
export function compileRateTable(rules: readonly RateRule[]): RateTable {
  const byPrefix = new Map<string, RateRule[]>();
  let longestPrefix = 0;
  for (const rule of rules) {
    const list = byPrefix.get(rule.prefix);
    if (list) list.push(rule);
    else byPrefix.set(rule.prefix, [rule]);
    longestPrefix = Math.max(longestPrefix, rule.prefix.length);
  }
  return { rules, byPrefix, longestPrefix };
}

function applies(rule: RateRule, q: RateQuery): RejectReason | undefined {
  if (!rule.enabled) return "disabled";
  if (rule.numberLength !== 0 && rule.numberLength !== q.number.length) return "length";
  if (!isActiveAt(rule, q.minuteOfDay)) return "outside-hours";
  if (rule.extensions.length > 0 && !rule.extensions.includes(q.extension)) return "extension";
  return undefined;
}

/** The rule that rates `q`, and why each other rule sharing its prefix did not. */
export function rate(q: RateQuery, table: RateTable): RatingDecision {
  const rejected: Rejection[] = [];
  const winners: RateRule[] = [];
  let candidates = 0;
  for (let n = Math.min(q.number.length, table.longestPrefix); n >= 0; n--) {
    const rules = table.byPrefix.get(q.number.slice(0, n));
    if (!rules) continue;
    candidates += rules.length;
    for (const rule of rules) {
      const reason = applies(rule, q);
      if (reason) rejected.push({ rule, reason });
      else winners.push(rule);
    }
  }
  // winners run from the longest prefix down; within one prefix in the rules' order.
  let best: RateRule | undefined;
  for (const rule of winners) {
    if (!best) {
      best = rule;
      continue;
    }
    if (rule.prefix.length < best.prefix.length) {
      rejected.push({ rule, reason: "longer-prefix" });
    } else if (best.numberLength === 0 && rule.numberLength !== 0) {
      rejected.push({ rule: best, reason: "exact-length" });
      best = rule;
    } else {
      rejected.push({
        rule,
        reason:
          rule.numberLength === 0 && best.numberLength !== 0 ? "exact-length" : "earlier-rule",
      });
    }
  }
  return { rule: best, rejected, otherPrefixes: table.rules.length - candidates };
}
