// Test support: rate rules with the defaults a billing user starts from, and the a2billing
// prefix table (test/fixtures/billing) as one rule per prefix.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv } from "./parse-csv.ts";
import type { RateRule } from "./rate-rule.ts";

let nextId = 1;

/** A rule charging 10 minor units per 60 s from answer, all day, for every extension. */
export function ruleOf(fields: Partial<RateRule>): RateRule {
  return {
    id: nextId++,
    enabled: true,
    remark: "",
    prefix: "",
    numberLength: 0,
    initialFeeMinor: 0,
    initialTimeS: 0,
    rateMinor: 10,
    periodS: 60,
    activeFromMin: 0,
    activeToMin: 0,
    extensions: [],
    ...fields,
  };
}

export const A2BILLING_CSV = join(
  import.meta.dir,
  "../../test/fixtures/billing/a2billing_cc_prefix.csv",
);

/** The a2billing prefixes: [prefix, destination], header dropped. */
export function a2billingPrefixes(): [string, string][] {
  return parseCsv(readFileSync(A2BILLING_CSV, "utf8"))
    .slice(1)
    .filter((r) => r.length >= 2)
    .map((r) => [r[0]!, r[1]!]);
}

/** One rule per a2billing prefix, remark = destination, rate by prefix length. */
export function a2billingRules(): RateRule[] {
  return a2billingPrefixes().map(([prefix, destination]) =>
    ruleOf({ prefix, remark: destination, rateMinor: prefix.length * 3 }),
  );
}
