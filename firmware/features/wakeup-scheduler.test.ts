import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { type OpenDatabase, openDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { type WakeupOutcome, WakeupScheduler } from "./wakeup-scheduler.ts";
import { WakeupStore } from "./wakeup-store.ts";

const START = Date.UTC(2026, 2, 6, 6, 0);
const MINUTE = 60_000;

describe("WakeupScheduler", () => {
  let open: OpenDatabase;
  let clock: ManualClock;
  let store: WakeupStore;
  let rings: { extension: string; atMs: number }[];
  let answer: (n: number) => WakeupOutcome;
  let logged: string[];

  const scheduler = () =>
    new WakeupScheduler({
      clock,
      store,
      log: (message) => logged.push(message),
      ring: async (call) => {
        rings.push({ extension: call.extension, atMs: clock.now() });
        return answer(rings.length);
      },
    });
  /** Lets the ring's promise settle, then moves the clock. */
  const advance = async (ms: number) => {
    await Bun.sleep(0);
    clock.advance(ms);
    await Bun.sleep(0);
  };

  beforeEach(() => {
    open = openTestDatabase();
    clock = new ManualClock(START);
    store = new WakeupStore(open.db, () => clock.now());
    rings = [];
    logged = [];
    answer = () => "confirmed";
  });
  afterEach(() => open.close());

  test("rings at the booked minute and not before; confirmed is done", async () => {
    const s = scheduler();
    s.start();
    const booked = store.add("2001", START + 10 * MINUTE, "2001");
    expect(booked.ok).toBe(true);
    s.changed();
    await advance(10 * MINUTE - 1);
    expect(rings).toHaveLength(0);
    await advance(1);
    expect(rings).toEqual([{ extension: "2001", atMs: START + 10 * MINUTE }]);
    expect(store.list()).toHaveLength(0);
    expect(store.list({ all: true })[0]?.status).toBe("confirmed");
    await advance(60 * MINUTE);
    expect(rings).toHaveLength(1);
  });

  test("unanswered: rung again the next minute, twice, then given up and logged", async () => {
    answer = () => "unanswered";
    const s = scheduler();
    s.start();
    store.add("2001", START + MINUTE, "admin");
    s.changed();
    await advance(MINUTE);
    await advance(MINUTE);
    await advance(MINUTE);
    await advance(10 * MINUTE);
    expect(rings.map((r) => r.atMs - START)).toEqual([MINUTE, 2 * MINUTE, 3 * MINUTE]);
    expect(store.list({ all: true })[0]?.status).toBe("unanswered");
    expect(logged).toContain("wake-up call not answered, given up");
  });

  test("snoozed rings again after five minutes; answered then ends it", async () => {
    answer = (n) => (n === 1 ? "snoozed" : "answered");
    const s = scheduler();
    s.start();
    store.add("8001", START + MINUTE, "admin");
    s.changed();
    await advance(MINUTE);
    await advance(5 * MINUTE);
    await advance(30 * MINUTE);
    expect(rings.map((r) => r.atMs - START)).toEqual([MINUTE, 6 * MINUTE]);
    expect(store.list({ all: true })[0]?.status).toBe("confirmed");
  });

  test("a booking is kept across a restart; one due while off rings at start", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pbx-wakeup-"));
    const path = join(dir, "pbx.sqlite");
    const first = openDatabase(path);
    new WakeupStore(first.db, () => clock.now()).add("2001", START + MINUTE, "admin");
    first.close();
    clock.advance(5 * MINUTE);
    const again = openDatabase(path);
    store = new WakeupStore(again.db, () => clock.now());
    scheduler().start();
    await advance(0);
    expect(rings).toEqual([{ extension: "2001", atMs: START + 5 * MINUTE }]);
    again.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a time in the past is refused; cancelled bookings do not ring", async () => {
    expect(store.add("2001", START - 1, "admin")).toMatchObject({
      ok: false,
      error: { field: "at" },
    });
    const s = scheduler();
    s.start();
    store.add("2001", START + MINUTE, "2001");
    store.add("2001", START + 2 * MINUTE, "2001");
    store.add("2002", START + 2 * MINUTE, "2002");
    s.changed();
    expect(store.cancelAll("2001")).toBe(2);
    s.changed();
    await advance(3 * MINUTE);
    expect(rings.map((r) => r.extension)).toEqual(["2002"]);
  });
});
