import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { Destination } from "../calls/routing/destination.ts";
import type { OpenDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { BlacklistStore } from "./blacklist-store.ts";
import { callFeatureHandlers } from "./call-feature-handlers.ts";
import { ForwardingStore } from "./forwarding-store.ts";
import { OutsideCallers } from "./outside-callers.ts";

let db: OpenDatabase;
let forwards: ForwardingStore;
let blacklist: BlacklistStore;
let outside: OutsideCallers;
const extensions = ["301", "302", "8001"];
const resolve = (n: string): Destination =>
  extensions.includes(n)
    ? { kind: "analog", number: n, port: 1 }
    : n.startsWith("9")
      ? { kind: "outbound", number: n, prefix: "9", digits: n.slice(1), candidates: [] }
      : { kind: "unknown", number: n };

beforeEach(() => {
  db = openTestDatabase();
  forwards = new ForwardingStore(db.db);
  blacklist = new BlacklistStore(db.db, (n) => extensions.includes(n));
  outside = new OutsideCallers({ blacklisted: (n) => blacklist.has(n) });
});
afterEach(() => db.close());

const handlers = () =>
  callFeatureHandlers({
    forwards,
    blacklist,
    lastOutsideCaller: (e) => outside.last(e),
    isExtension: (n) => extensions.includes(n),
    now: () => 1000,
    log: () => {},
  });
const dial = (id: string, caller: string, argument = "") =>
  handlers()[id]?.({ number: caller, displayName: "" }, argument, resolve).say;

describe("forwarding, DND and blacklist feature codes", () => {
  test("*71 + number sets forwarding for the caller's own extension; *071 turns it off", () => {
    expect(dial("forward-always", "301", "302")).toEqual(["forward/enabled"]);
    expect(forwards.active("301", "always")).toBe("302");
    expect(dial("forward-no-answer", "301", "913800138000")).toEqual(["forward/enabled"]);
    expect(forwards.active("301", "no-answer")).toBe("913800138000");
    expect(dial("forward-always-off", "301")).toEqual(["forward/disabled"]);
    expect(forwards.active("301", "always")).toBeUndefined();
  });

  test("a number that goes nowhere, none, or the caller itself fails and changes nothing", () => {
    expect(dial("forward-busy", "301", "555")).toEqual(["feature/failed"]);
    expect(dial("forward-busy", "301", "")).toEqual(["feature/failed"]);
    expect(dial("forward-busy", "301", "301")).toEqual(["feature/failed"]);
    expect(dial("forward-busy", "13800138000", "302")).toEqual(["feature/failed"]);
    expect(forwards.list()).toEqual([]);
  });

  test("*74 and *074 switch DND", () => {
    expect(dial("dnd-on", "8001")).toEqual(["dnd/enabled"]);
    expect(forwards.dnd("8001")).toBe(true);
    expect(dial("dnd-off", "8001")).toEqual(["dnd/disabled"]);
    expect(forwards.dnd("8001")).toBe(false);
  });

  test("*76 adds the last outside caller of the dialling extension; *075 + number removes", () => {
    expect(dial("blacklist-last-caller", "301")).toEqual(["feature/failed"]);
    outside.rang("13800138000", { kind: "analog", number: "302", port: 1 });
    outside.rang("13900139000", {
      kind: "department",
      number: "600",
      name: "Sales",
      members: [{ kind: "analog", number: "301", port: 1 }],
    });
    expect(dial("blacklist-last-caller", "301")).toEqual(["blacklist/number-added"]);
    expect(blacklist.list().map((b) => [b.number, b.addedBy])).toEqual([["13900139000", "301"]]);
    expect(outside.refuses("13900139000")).toBe(true);
    expect(outside.refuses("13800138000")).toBe(false);
    expect(dial("blacklist-remove", "301", "13800138000")).toEqual(["feature/failed"]);
    expect(dial("blacklist-remove", "301", "13900139000")).toEqual(["blacklist/number-removed"]);
    expect(outside.refuses("13900139000")).toBe(false);
  });

  test("*75# asks for the number; the number then # adds it, an extension's number fails", () => {
    const reply = handlers()["blacklist-add"]?.({ number: "301", displayName: "" }, "", resolve);
    expect(reply?.say).toEqual(["blacklist/enter-number"]);
    expect(reply?.ask?.("302").say).toEqual(["feature/failed"]);
    expect(reply?.ask?.("13700137000").say).toEqual(["blacklist/number-added"]);
    expect(blacklist.list().map((b) => [b.number, b.addedBy])).toEqual([["13700137000", "301"]]);
  });

  test("an extension's number is never blacklisted", () => {
    const added = blacklist.add("302", "admin");
    expect(!added.ok && added.error).toMatchObject({ code: "invalid", field: "number" });
    expect(blacklist.add("1380013", "admin").ok).toBe(true);
    const again = blacklist.add("1380013", "admin");
    expect(!again.ok && again.error.code).toBe("taken");
  });
});
