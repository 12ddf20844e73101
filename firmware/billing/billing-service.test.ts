import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import type { OpenDatabase } from "../db/open-database.ts";
import { SettingsStore } from "../db/settings-store.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { ExtensionService } from "../extensions/extension-service.ts";
import { BillingService } from "./billing-service.ts";
import { A2BILLING_CSV } from "./rate-rule.fixture.ts";

let open: OpenDatabase;
let billing: BillingService;
// Monday 2025-03-03 10:00 in Shanghai.
const TEN_AM = Date.UTC(2025, 2, 3, 2, 0);

beforeEach(() => {
  open = openTestDatabase();
  const extensions = new ExtensionService(open.db, { realm: "pbx", clock: { now: () => 0 } });
  extensions.create({ number: "101", displayName: "Alice" });
  extensions.create({ number: "102", displayName: "Bob" });
  billing = new BillingService(open.db, new SettingsStore(open.db));
});
afterEach(() => open.close());

describe("billing accounts (BILL-2, BILL-3, BILL-5)", () => {
  test("defaults: billing off, prepaid, unlocked, nothing on it", () => {
    expect(billing.accounts.list().map((a) => [a.extension, a.name])).toEqual([
      ["101", "Alice"],
      ["102", "Bob"],
    ]);
    expect(billing.accounts.get("101")).toMatchObject({
      billingEnabled: false,
      paymentMethod: "prepaid",
      balanceMinor: 0,
      creditLimitMinor: 0,
      locked: false,
      totalTopUpMinor: 0,
    });
  });

  test("top-ups are recorded with the balance before and after; a new payment method resets the total", () => {
    billing.accounts.topUp(["101", "102"], 5000, "billing", TEN_AM);
    billing.accounts.topUp(["101"], 250, "billing", TEN_AM + 1000);
    expect(billing.accounts.get("101")).toMatchObject({
      balanceMinor: 5250,
      totalTopUpMinor: 5250,
    });
    const records = billing.accounts.topUps({ keyword: "alice" });
    expect(records.total).toBe(2);
    expect(records.items[0]).toMatchObject({
      extension: "101",
      balanceBeforeMinor: 5000,
      amountMinor: 250,
      balanceAfterMinor: 5250,
    });
    expect(billing.accounts.topUps({ fromMs: TEN_AM + 1 }).total).toBe(1);
    billing.accounts.update(["101"], { paymentMethod: "postpaid" });
    expect(billing.accounts.get("101")).toMatchObject({ balanceMinor: 5250, totalTopUpMinor: 0 });
    expect(billing.accounts.list({ paymentMethod: "postpaid" }).map((a) => a.extension)).toEqual([
      "101",
    ]);
    const refused = billing.accounts.topUp(["101", "999"], 100, "billing", TEN_AM);
    expect(refused.ok).toBe(false);
    expect(billing.accounts.get("101")!.balanceMinor).toBe(5250);
  });
});

describe("authorizeOutbound", () => {
  test("locked refuses whatever the balance; billing on needs the first charge", () => {
    billing.updateSettings({ enabled: true });
    billing.rates.create({ prefix: "9", rateMinor: 10, periodS: 60 });
    expect(billing.authorizeOutbound("101", "9123", TEN_AM)).toMatchObject({
      allowed: true,
      charged: false,
      why: "billing-off",
    });
    billing.accounts.update(["101"], { billingEnabled: true });
    expect(billing.authorizeOutbound("101", "9123", TEN_AM)).toMatchObject({
      allowed: false,
      reason: "insufficient-funds",
    });
    expect(billing.authorizeOutbound("101", "8123", TEN_AM)).toMatchObject({ why: "no-rule" });
    billing.accounts.update(["101"], { creditLimitMinor: 10 });
    expect(billing.authorizeOutbound("101", "9123", TEN_AM)).toMatchObject({ charged: true });
    billing.accounts.topUp(["101"], 10_000, "billing", TEN_AM);
    billing.accounts.update(["101"], { locked: true });
    expect(billing.authorizeOutbound("101", "9123", TEN_AM)).toMatchObject({
      allowed: false,
      reason: "locked",
    });
    // Billing off box-wide: nothing is charged, but the lock still holds.
    billing.updateSettings({ enabled: false });
    expect(billing.authorizeOutbound("101", "9123", TEN_AM)).toMatchObject({ reason: "locked" });
    expect(billing.authorizeOutbound("102", "9123", TEN_AM)).toMatchObject({
      allowed: true,
      charged: false,
    });
  });

  test("the rule tester reads the hour in the box's time zone", () => {
    billing.rates.create({
      remark: "day",
      prefix: "9",
      rateMinor: 10,
      activeFromMin: 480,
      activeToMin: 1080,
    });
    billing.rates.create({ remark: "night", prefix: "9", activeFromMin: 1080, activeToMin: 480 });
    const t = billing.test({ number: "9123", extension: "101", atMs: TEN_AM, talkS: 61 });
    expect(t.minuteOfDay).toBe(600);
    expect(t.rule?.remark).toBe("day");
    expect(t.rejected).toEqual([{ id: 2, remark: "night", prefix: "9", reason: "outside-hours" }]);
    expect(t.cost?.totalMinor).toBe(20);
  });
});

describe("rate rules CSV", () => {
  test("export and import give back the same rules; a bad line is refused whole, naming it", () => {
    billing.rates.create({
      remark: "mobile, China",
      prefix: "9",
      numberLength: 12,
      initialFeeMinor: 20,
      initialTimeS: 60,
      rateMinor: 10,
      periodS: 55,
      activeFromMin: 480,
      activeToMin: 1080,
      extensions: ["101", "102"],
    });
    const csv = billing.rates.exportCsv(2);
    expect(csv.split("\r\n")[1]).toBe('1,"mobile, China",9,12,0.20,60,0.10,55,08:00,18:00,101 102');
    const before = billing.rates.list().map(({ id: _id, ...r }) => r);
    expect(billing.rates.importCsv(csv, 2, true)).toEqual({ ok: true, value: { added: 1 } });
    expect(billing.rates.list().map(({ id: _id, ...r }) => r)).toEqual(before);
    const bad = billing.rates.importCsv(`${csv}1,x,9,0,0.001,0,0.1,60,,,\r\n`, 2, false);
    expect(bad).toMatchObject({ ok: false, error: { field: "file" } });
    expect(!bad.ok && bad.error.message).toContain("line 3, initial_fee");
    expect(billing.rates.list().length).toBe(1);
  });

  test("the a2billing table imports as 4892 rules and rates by longest prefix", () => {
    const rows = readFileSync(A2BILLING_CSV, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => {
        const [prefix, destination] = l.split(",");
        return `1,${destination},${prefix},0,0,0,0.05,60,,,`;
      });
    expect(billing.rates.importCsv(rows.join("\n"), 2, true)).toEqual({
      ok: true,
      value: { added: 4892 },
    });
    const t = billing.test({ number: "8613812345678", extension: "101", atMs: TEN_AM, talkS: 125 });
    expect(t.rule?.remark).toBe("China Mobile");
    expect(t.rejected.map((r) => r.remark)).toEqual(["China"]);
    expect(t.otherPrefixes).toBe(4890);
    expect(t.cost?.totalMinor).toBe(15);
  });
});
