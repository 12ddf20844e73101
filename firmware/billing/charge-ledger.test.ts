import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { OpenDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { ExtensionService } from "../extensions/extension-service.ts";
import { BillingAccountService } from "./billing-account-service.ts";
import { ChargeLedger } from "./charge-ledger.ts";
import { ruleOf } from "./rate-rule.fixture.ts";

let open: OpenDatabase;
let accounts: BillingAccountService;
let ledger: ChargeLedger;

beforeEach(() => {
  open = openTestDatabase();
  const extensions = new ExtensionService(open.db, { realm: "pbx", clock: { now: () => 0 } });
  for (const number of ["101", "102"]) extensions.create({ number, displayName: `Ext ${number}` });
  accounts = new BillingAccountService(open.db);
  ledger = new ChargeLedger(open.db);
});
afterEach(() => open.close());

const manual = ruleOf({ initialFeeMinor: 20, initialTimeS: 60, rateMinor: 10, periodS: 55 });
const call = (callId: string, rule = manual) => ({
  callId,
  extension: "101",
  number: "913812345678",
  rule,
  atMs: 1000,
});
const balance = () => accounts.get("101")!.balanceMinor;

function ok<T>(r: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe("ChargeLedger", () => {
  test("reserve at answer, extend per period, settle once at the rated cost", () => {
    accounts.topUp(["101"], 100, "billing", 0);
    const c = ok(ledger.reserve(call("a")));
    expect([c.reservedMinor, c.coversS]).toEqual([20, 60]);
    expect(ok(ledger.extend(c.id)).coversS).toBe(115);
    expect(accounts.get("101")!.reservedMinor).toBe(30);
    const settled = ok(ledger.settle(c.id, 100, 2000));
    expect(settled).toMatchObject({ state: "settled", chargedMinor: 30, talkS: 100 });
    expect(balance()).toBe(70);
    // Exactly once: a second settle or a release changes nothing.
    expect(ledger.settle(c.id, 500, 3000)).toEqual({ ok: false, reason: "not-open" });
    expect(ledger.release(c.id, 3000)).toEqual({ ok: false, reason: "not-open" });
    expect(balance()).toBe(70);
    expect(accounts.get("101")!.reservedMinor).toBe(0);
  });

  test("balance first, then credit; with both spent the next call is refused", () => {
    accounts.topUp(["101"], 30, "billing", 0);
    accounts.update(["101"], { creditLimitMinor: 20 });
    const a = ok(ledger.reserve(call("a"))); // 20 of 50
    ok(ledger.reserve(call("b"))); // 40 of 50
    expect(ledger.reserve(call("c"))).toEqual({ ok: false, reason: "insufficient-funds" });
    ok(ledger.extend(a.id)); // 50 of 50
    expect(ledger.extend(a.id)).toEqual({ ok: false, reason: "insufficient-funds" });
    ok(ledger.settle(a.id, 115, 2000)); // 30 charged: balance 0
    expect(balance()).toBe(0);
    // 0 balance + 20 credit - 20 held by b: nothing left until a top-up.
    expect(ledger.reserve(call("d"))).toEqual({ ok: false, reason: "insufficient-funds" });
    accounts.topUp(["101"], 40, "billing", 0);
    ok(ledger.reserve(call("d")));
  });

  test("a release charges nothing; a locked extension reserves nothing", () => {
    accounts.topUp(["101"], 100, "billing", 0);
    const c = ok(ledger.reserve(call("a")));
    expect(ok(ledger.release(c.id, 2000))).toMatchObject({ state: "released", chargedMinor: 0 });
    expect(balance()).toBe(100);
    accounts.update(["101"], { locked: true });
    expect(ledger.reserve(call("b"))).toEqual({ ok: false, reason: "locked" });
  });

  test("at start, open reservations are settled for what they hold, once", () => {
    accounts.topUp(["101"], 100, "billing", 0);
    const a = ok(ledger.reserve(call("a")));
    ok(ledger.extend(a.id));
    const free = ok(ledger.reserve(call("b", ruleOf({ rateMinor: 0 }))));
    const restarted = new ChargeLedger(open.db);
    const closed = restarted.closeUnfinished(5000);
    expect([closed.settled.length, closed.released.length]).toEqual([1, 1]);
    expect(closed.settled[0]).toMatchObject({ state: "settled", endedAtMs: 5000 });
    expect(closed.released[0]).toMatchObject({ state: "released", chargedMinor: 0 });
    expect(restarted.get(a.id)).toMatchObject({ state: "settled", chargedMinor: 30 });
    expect(restarted.get(free.id)?.state).toBe("released");
    expect(balance()).toBe(70);
    expect(restarted.closeUnfinished(6000)).toEqual({ settled: [], released: [] });
    expect(balance()).toBe(70);
  });

  test("reservations racing on four connections never exceed balance + credit", async () => {
    accounts.topUp(["101"], 1000, "billing", 0);
    accounts.update(["101"], { creditLimitMinor: 500 });
    const rule = ruleOf({ rateMinor: 7, periodS: 30 });
    const path = join(open.sqlite.filename);
    const runs = await Promise.all(
      [0, 1, 2, 3].map(
        (n) =>
          new Promise<number>((resolve, reject) => {
            const worker = new Worker(new URL("./reserve-worker.test-helper.ts", import.meta.url));
            worker.onmessage = (e) => {
              resolve((e.data as { granted: number }).granted);
              worker.terminate();
            };
            worker.onerror = (e) => reject(e);
            worker.postMessage({ path, rule, tries: 60, tag: `w${n}` });
          }),
      ),
    );
    const held = accounts.get("101")!.reservedMinor;
    expect(held).toBeLessThanOrEqual(1500);
    // The money ran out: what is held is within one period of everything there was.
    expect(held).toBeGreaterThan(1500 - 7);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(ledger.open("101").length);
    expect(ledger.open("101").length).toBeLessThan(4 * 60);
  }, 30_000);
});
