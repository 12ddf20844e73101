// SPEC BILL-2, BILL-8: the charge of one call against the real ledger (a SQLite file) on a
// hand-driven clock: rated and reserved at answer, one period more each time the paid time runs
// out, the caller warned 10 s before a period it cannot pay, the call cut when its paid time is
// over, and settled exactly once for the time it talked.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { billedExtension101 } from "../billing/billed-extension.test-helper.ts";
import type { BillingService } from "../billing/billing-service.ts";
import type { OpenDatabase } from "../db/open-database.ts";
import { CallCharge, WARNING_LEAD_MS } from "./call-charge.ts";

let open: OpenDatabase;
let billing: BillingService;
let clock: ManualClock;

beforeEach(() => {
  // 0.10 per started minute to numbers starting 9.
  ({ open, billing } = billedExtension101("9"));
  clock = new ManualClock(Date.UTC(2026, 0, 5, 2, 0));
});
afterEach(() => open.close());

function charge(callId = "c1") {
  const heard = { warnings: 0, cuts: 0 };
  const c = new CallCharge({
    clock,
    billing,
    callId,
    extension: "101",
    number: "913800138000",
    warn: () => heard.warnings++,
    cut: () => heard.cuts++,
  });
  return { c, heard };
}
const balance = () => billing.accounts.get("101")!.balanceMinor;

describe("a billed call's charge", () => {
  test("money for 3 minutes: warned 10 s before the third minute ends, cut at 180 s, charged 0.30", () => {
    billing.accounts.topUp(["101"], 30, "billing", 0);
    const { c, heard } = charge();
    expect(c.answered(clock.now())).toBe(true);
    // Minutes 2 and 3 are reserved as they start; the fourth cannot be: warned at 170 s.
    clock.advance(180_000 - WARNING_LEAD_MS - 1);
    expect(heard.warnings).toBe(0);
    clock.advance(1);
    expect(heard).toEqual({ warnings: 1, cuts: 0 });
    clock.advance(WARNING_LEAD_MS - 1);
    expect(heard.cuts).toBe(0);
    clock.advance(1);
    expect(heard.cuts).toBe(1);
    // The cut call ends a little later than its paid time: it pays for the paid time only.
    clock.advance(250);
    expect(c.ended(clock.now())).toEqual({ chargedMinor: 30, cut: true });
    expect(balance()).toBe(0);
    expect(c.ended(clock.now())).toBeUndefined();
    expect(balance()).toBe(0);
  });

  test("a call that hangs up pays its started periods, once; the rest stays", () => {
    billing.accounts.topUp(["101"], 100, "billing", 0);
    const { c, heard } = charge();
    c.answered(clock.now());
    clock.advance(61_000);
    expect(c.ended(clock.now())).toEqual({ chargedMinor: 20, cut: false });
    expect(heard).toEqual({ warnings: 0, cuts: 0 });
    expect(balance()).toBe(80);
    expect(billing.ledger.open("101")).toEqual([]);
  });

  test("two calls share one balance: the money goes to the call that starts its period first", () => {
    billing.accounts.topUp(["101"], 30, "billing", 0);
    const first = charge("a");
    const second = charge("b");
    expect(first.c.answered(clock.now())).toBe(true);
    clock.advance(1000);
    expect(second.c.answered(clock.now())).toBe(true);
    // At 60 s the first call takes the last 0.10; at 61 s the second cannot: cut, unwarned
    // (the money was there when it checked at 51 s).
    clock.advance(60_000);
    expect(second.heard).toEqual({ warnings: 0, cuts: 1 });
    expect(second.c.ended(clock.now())).toEqual({ chargedMinor: 10, cut: true });
    // The first is warned at 110 s and cut at 120 s.
    clock.advance(59_000);
    expect(first.heard).toEqual({ warnings: 1, cuts: 1 });
    expect(first.c.ended(clock.now())).toEqual({ chargedMinor: 20, cut: true });
    expect(balance()).toBe(0);
  });

  test("a call answered when the others hold every cent is refused at answer", () => {
    billing.accounts.topUp(["101"], 20, "billing", 0);
    expect(charge("a").c.answered(clock.now())).toBe(true);
    expect(charge("b").c.answered(clock.now())).toBe(true);
    expect(charge("c").c.answered(clock.now())).toBe(false);
  });

  test("no rule in force at answer: not charged, nothing reserved", () => {
    billing.accounts.topUp(["101"], 30, "billing", 0);
    const c = new CallCharge({
      clock,
      billing,
      callId: "x",
      extension: "101",
      number: "8001",
      warn: () => {},
      cut: () => {},
    });
    expect(c.answered(clock.now())).toBe(true);
    clock.advance(600_000);
    expect(c.ended(clock.now())).toBeUndefined();
    expect(balance()).toBe(30);
  });
});
