import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { CdrStore } from "../cdr/cdr-store.ts";
import type { OpenDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { ExtensionService } from "../extensions/extension-service.ts";
import { BillingAccountService } from "./billing-account-service.ts";
import { ChargeLedger } from "./charge-ledger.ts";
import { recordInterruptedCalls } from "./interrupted-calls.ts";
import { ruleOf } from "./rate-rule.fixture.ts";

let open: OpenDatabase;
let ledger: ChargeLedger;
let cdr: CdrStore;

beforeEach(() => {
  open = openTestDatabase();
  const extensions = new ExtensionService(open.db, { realm: "pbx", clock: { now: () => 0 } });
  extensions.create({ number: "101", displayName: "Ext 101" });
  new BillingAccountService(open.db).topUp(["101"], 1000, "billing", 0);
  ledger = new ChargeLedger(open.db);
  cdr = new CdrStore(open.db);
});
afterEach(() => open.close());

// 20 for the first 60 s, then 10 per started 30 s.
const rule = ruleOf({ initialFeeMinor: 20, initialTimeS: 60, rateMinor: 10, periodS: 30 });
const reserve = (callId: string, atMs: number) => {
  const made = ledger.reserve({ callId, extension: "101", number: "913812345678", rule, atMs });
  if (!made.ok) throw new Error(made.reason);
  return made.value;
};

describe("recordInterruptedCalls", () => {
  test("a call cut by a stop gets its record at the next start: answered, talk time as charged", () => {
    const answered = Date.parse("2026-12-01T09:00:00Z");
    const charge = reserve("call-1", answered);
    ledger.extend(charge.id); // the call reached its second minute: 90 s paid
    const restartMs = answered + 3_600_000;
    const closed = ledger.closeUnfinished(restartMs);
    expect(recordInterruptedCalls(closed.settled, cdr, restartMs)).toBe(1);
    const { items } = cdr.search({ caller: "101" });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      callId: "call-1",
      caller: "101",
      callee: "913812345678",
      type: "outbound",
      status: "answered",
      reason: "interrupted",
      talkMs: 90_000,
    });
    expect(items[0]!.answeredAt?.getTime()).toBe(answered);
  });

  test("a call that has its record is not recorded twice; the end is never after the restart", () => {
    const answered = 5_000_000;
    reserve("call-2", answered);
    reserve("call-3", answered);
    cdr.write({
      id: "call-2",
      sipCallId: "",
      caller: { number: "101", displayName: "" },
      callee: "913812345678",
      finalCallee: "913812345678",
      startedAtMs: answered - 3000,
      answeredAtMs: answered,
      endedAtMs: answered + 20_000,
      status: "answered",
      reason: "hangup",
      recorded: false,
      type: "outbound",
    });
    // Restarted 10 s after the answer, within the first paid minute.
    const closed = ledger.closeUnfinished(answered + 10_000);
    expect(recordInterruptedCalls(closed.settled, cdr, answered + 10_000)).toBe(1);
    const items = cdr.search({ caller: "101" }).items;
    expect(items.map((r) => [r.callId, r.reason, r.talkMs]).sort()).toEqual([
      ["call-2", "hangup", 20_000],
      ["call-3", "interrupted", 10_000],
    ]);
  });
});
