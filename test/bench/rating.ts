// Rating benchmark (SPEC BILL-8): the cost of rating one call against the a2billing prefix
// table (4,892 prefixes as rules, test/fixtures/billing), and of the rule tester's full answer
// with the cost breakdown. Run with `npx bun test/bench/rating.ts`. Target: well under a
// millisecond per call.

import { a2billingPrefixes, a2billingRules } from "../../firmware/billing/rate-rule.fixture.ts";
import { cost } from "../../firmware/billing/rate-rule.ts";
import { compileRateTable, rate } from "../../firmware/billing/rate-table.ts";

const RUN_MS = Number(process.env.BENCH_MS ?? 400);
const rules = a2billingRules();
const prefixes = a2billingPrefixes();

const buildStart = performance.now();
const table = compileRateTable(rules);
const buildMs = performance.now() - buildStart;

// Numbers that start with a real prefix, padded to 12 digits, and some that match nothing.
const numbers = prefixes.map(([p], i) => `${p}${String(i * 7919).padStart(12, "0")}`.slice(0, 12));
for (let i = 0; i < 500; i++) numbers.push(`0${String(i * 104729).padStart(11, "0")}`);

/** Best of several batches, in microseconds per call (discounts time stolen by other work). */
function microsPerCall(fn: (i: number) => unknown): number {
  let i = 0;
  const warmUntil = performance.now() + RUN_MS / 4;
  while (performance.now() < warmUntil) fn(i++);
  let best = Number.POSITIVE_INFINITY;
  for (let batch = 0; batch < 8; batch++) {
    let calls = 0;
    const start = performance.now();
    let now = start;
    while (now - start < RUN_MS / 8) {
      for (let k = 0; k < 200; k++) fn(i++ + k);
      calls += 200;
      now = performance.now();
    }
    best = Math.min(best, ((now - start) * 1000) / calls);
  }
  return best;
}

let sink = 0;
const rateOnly = microsPerCall((i) => {
  const d = rate(
    { number: numbers[i % numbers.length]!, minuteOfDay: 600, extension: "101" },
    table,
  );
  if (d.rule) sink += d.rule.id;
});
const withCost = microsPerCall((i) => {
  const d = rate(
    { number: numbers[i % numbers.length]!, minuteOfDay: 600, extension: "101" },
    table,
  );
  if (d.rule) sink += cost(d.rule, i % 3600).totalMinor;
});
// A linear scan of every rule, the approach the prefix index replaces, for comparison.
const scan = microsPerCall((i) => {
  const n = numbers[i % numbers.length]!;
  let best = -1;
  for (const r of rules)
    if (n.startsWith(r.prefix) && r.prefix.length > best) best = r.prefix.length;
  sink += best;
});

console.log(
  `rating against ${rules.length} a2billing prefixes (index built in ${buildMs.toFixed(1)} ms)`,
);
console.log(`  rate():          ${rateOnly.toFixed(2)} µs per call`);
console.log(`  rate() + cost(): ${withCost.toFixed(2)} µs per call`);
console.log(`  linear scan:     ${scan.toFixed(2)} µs per call (no index, for comparison)`);
if (sink === 0.5) console.log(sink);
