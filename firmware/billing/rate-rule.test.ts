import { describe, expect, test } from "bun:test";
import { ruleOf } from "./rate-rule.fixture.ts";
import { cost, firstCharge, isActiveAt, parseTimeOfDay } from "./rate-rule.ts";

describe("cost (BILL-4, BILL-8)", () => {
  // The manual's example (2.3): initial time 1 minute, then 0.1 yuan per 55 s period.
  const manual = ruleOf({ initialFeeMinor: 20, initialTimeS: 60, rateMinor: 10, periodS: 55 });

  test("the manual's example: after the first minute every started 55 s costs 0.10", () => {
    expect(cost(manual, 0).totalMinor).toBe(20); // answered: the initial fee is owed
    expect(cost(manual, 60).totalMinor).toBe(20);
    expect(cost(manual, 61)).toEqual({
      initialFeeMinor: 20,
      periodSeconds: 1,
      periods: 1,
      periodsMinor: 10,
      totalMinor: 30,
    });
    expect(cost(manual, 115).totalMinor).toBe(30);
    expect(cost(manual, 116).totalMinor).toBe(40);
    expect(cost(manual, 60 + 55 * 10).periods).toBe(10);
  });

  test("initial fee and time 0 and 0: periods from answer", () => {
    const plain = ruleOf({ rateMinor: 7, periodS: 60 });
    expect(cost(plain, 0).totalMinor).toBe(0);
    expect(cost(plain, 1).totalMinor).toBe(7);
    expect(cost(plain, 60).totalMinor).toBe(7);
    expect(cost(plain, 60.5).totalMinor).toBe(14);
    expect(firstCharge(plain)).toEqual({ amountMinor: 7, coversS: 60 });
    expect(firstCharge(manual)).toEqual({ amountMinor: 20, coversS: 60 });
  });

  test("cost never decreases with talk time and is always whole minor units", () => {
    // Property over many rule shapes and durations, from a fixed pseudo-random sequence.
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let r = 0; r < 300; r++) {
      const rule = ruleOf({
        initialFeeMinor: next(500),
        initialTimeS: next(3) === 0 ? 0 : next(300),
        rateMinor: next(200),
        periodS: 1 + next(120),
      });
      let previous = -1;
      for (let s = 0; s < 2000; s += 0.5 + next(40) / 4) {
        const c = cost(rule, s);
        expect(Number.isInteger(c.totalMinor)).toBe(true);
        expect(c.totalMinor).toBeGreaterThanOrEqual(previous);
        expect(c.totalMinor).toBe(c.initialFeeMinor + c.periodsMinor);
        previous = c.totalMinor;
      }
    }
  });
});

describe("daily window", () => {
  test("from == to is all day; a window may run past midnight; the end is exclusive", () => {
    expect(isActiveAt({ activeFromMin: 0, activeToMin: 0 }, 0)).toBe(true);
    expect(isActiveAt({ activeFromMin: 0, activeToMin: 0 }, 1439)).toBe(true);
    const day = { activeFromMin: 8 * 60, activeToMin: 18 * 60 };
    expect(isActiveAt(day, 8 * 60)).toBe(true);
    expect(isActiveAt(day, 18 * 60 - 1)).toBe(true);
    expect(isActiveAt(day, 18 * 60)).toBe(false);
    const night = { activeFromMin: 22 * 60, activeToMin: 6 * 60 };
    expect(isActiveAt(night, 23 * 60)).toBe(true);
    expect(isActiveAt(night, 5 * 60)).toBe(true);
    expect(isActiveAt(night, 12 * 60)).toBe(false);
    expect(parseTimeOfDay("24:00")).toBe(0);
    expect(parseTimeOfDay("7:05")).toBe(425);
    expect(parseTimeOfDay("25:00")).toBeUndefined();
  });
});
