import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { extension } from "../calls/call-engine.test-helper.ts";
import { CallRouter, MAX_ROUTE_HOPS } from "../calls/routing/call-router.ts";
import { prefixOutbound } from "../calls/routing/outbound-provider.ts";
import type { OpenDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { FORWARD_NOTICE_APP, ForwardNotices } from "./forward-notices.ts";
import { forwardingHook } from "./forwarding-hook.ts";
import { ForwardingStore } from "./forwarding-store.ts";

const carol = { number: "303", displayName: "Carol" };
let db: OpenDatabase;
let store: ForwardingStore;
let inCall: Set<string>;
let pass: boolean;
let announce: boolean;
let notices: ForwardNotices;

beforeEach(() => {
  db = openTestDatabase();
  store = new ForwardingStore(db.db);
  inCall = new Set();
  pass = false;
  announce = false;
  notices = new ForwardNotices();
});
afterEach(() => db.close());

const router = () =>
  new CallRouter({
    lookupIp: (n) => (["301", "302", "303"].includes(n) ? extension(n) : undefined),
    analogPort: (n) => (n === "8001" ? 1 : undefined),
    department: (n) => (n === "600" ? { name: "Sales", members: ["301", "302"] } : undefined),
    outbound: prefixOutbound(() => ["9"]),
    hooks: [
      forwardingHook({
        active: (e, t) => store.active(e, t),
        dnd: (e) => store.dnd(e),
        inCall: (e) => inCall.has(e),
        passCallerId: () => pass,
        announce: () => announce,
        notices,
      }),
    ],
  });

const forward = (
  extension: string,
  type: "always" | "busy" | "no-answer" | "busy-or-no-answer",
  number: string,
) => expect(store.set({ extension, type, number, enabled: true }).ok).toBe(true);

describe("forwarding and DND as a routing hook", () => {
  test("always: a call to 301 rings 302 instead; turned off, 301 rings again", () => {
    forward("301", "always", "302");
    const r = router();
    expect(r.route(r.begin(carol, "301"))).toMatchObject({ kind: "extension", number: "302" });
    store.disable("301", "always");
    expect(r.route(r.begin(carol, "301"))).toMatchObject({ kind: "extension", number: "301" });
  });

  test("always to an outside number goes out through the outbound routes", () => {
    forward("301", "always", "913800138000");
    const r = router();
    const d = r.route(r.begin(carol, "301"));
    expect(d).toMatchObject({ kind: "outbound", digits: "13800138000" });
    if (d.kind !== "outbound") return;
    expect(d.candidates[0]?.callerId).toBeUndefined();
    pass = true;
    const passed = r.route(r.begin(carol, "301"));
    expect(passed.kind === "outbound" && passed.candidates[0]?.callerId).toBe("303");
  });

  test("A forwards to B and B to A: the loop ends with 482 instead of ringing", () => {
    forward("301", "always", "302");
    forward("302", "always", "301");
    const r = router();
    const call = r.begin(carol, "301");
    expect(r.route(call)).toMatchObject({ kind: "refused", status: 482 });
    expect(call.path.length).toBe(MAX_ROUTE_HOPS + 1);
  });

  test("busy: only when the extension is in a call, or its phone answered busy", () => {
    forward("301", "busy", "302");
    const r = router();
    const call = r.begin(carol, "301");
    const first = r.route(call);
    expect(first).toMatchObject({ kind: "extension", number: "301" });
    expect(r.next(call, first, "no-answer")).toBeUndefined();
    expect(r.next(call, first, "busy")).toMatchObject({ kind: "extension", number: "302" });
    inCall.add("301");
    expect(r.route(r.begin(carol, "301"))).toMatchObject({ number: "302" });
  });

  test("no answer (and an unregistered phone) goes to the no-answer number", () => {
    forward("8001", "no-answer", "302");
    const r = router();
    const call = r.begin(carol, "8001");
    const first = r.route(call);
    expect(first).toMatchObject({ kind: "analog", number: "8001" });
    expect(r.next(call, first, "busy")).toBeUndefined();
    expect(r.next(call, first, "no-answer")).toMatchObject({ number: "302" });
    expect(r.next(r.begin(carol, "8001"), first, "unavailable")).toMatchObject({ number: "302" });
  });

  test("busy or no answer: either outcome", () => {
    forward("301", "busy-or-no-answer", "302");
    const r = router();
    const call = r.begin(carol, "301");
    const first = r.route(call);
    expect(r.next(call, first, "busy")).toMatchObject({ number: "302" });
    expect(r.next(r.begin(carol, "301"), first, "no-answer")).toMatchObject({ number: "302" });
  });

  test("DND: 486 busy, or the busy forwarding; the DND extension itself still calls out", () => {
    store.setDnd("301", true, 0);
    const r = router();
    expect(r.route(r.begin(carol, "301"))).toMatchObject({ kind: "refused", status: 486 });
    const fromDnd = { number: "301", displayName: "" };
    expect(r.route(r.begin(fromDnd, "302"))).toMatchObject({ kind: "extension", number: "302" });
    expect(r.route(r.begin(fromDnd, "913800138000")).kind).toBe("outbound");
    forward("301", "busy", "302");
    expect(r.route(r.begin(carol, "301"))).toMatchObject({ number: "302" });
    store.setDnd("301", false, 0);
    store.remove("301", "busy");
    expect(r.route(r.begin(carol, "301"))).toMatchObject({ number: "301" });
  });

  test("a department's member on DND does not ring, a forwarded one rings its target", () => {
    store.setDnd("301", true, 0);
    forward("302", "always", "303");
    const r = router();
    const d = r.route(r.begin({ number: "13800138000", displayName: "" }, "600"));
    expect(d.kind === "department" && d.members.map((m) => m.number)).toEqual(["303"]);
  });

  test("a caller is never forwarded to itself: the extension rings", () => {
    forward("301", "always", "303");
    const r = router();
    expect(r.route(r.begin(carol, "301"))).toMatchObject({ number: "301" });
  });
});

describe("announce before forwarding", () => {
  test("the caller is answered by the notice, which then rings the target decided with its hooks", () => {
    announce = true;
    forward("301", "always", "302");
    const r = router();
    const d = r.route(r.begin(carol, "301"));
    expect(d).toMatchObject({ kind: "application", app: FORWARD_NOTICE_APP, number: "302" });
    if (d.kind !== "application") return;
    let rung: unknown;
    const open = notices.opener(() => []);
    const leg = open(d, {
      id: "n1",
      callId: "c1",
      caller: carol,
      forward: (_leg, to) => {
        rung = to;
        return true;
      },
    });
    expect("status" in leg).toBe(false);
    if ("status" in leg) return;
    leg.alert(carol);
    (leg as unknown as { joined(peer: object): void }).joined({});
    expect(rung).toMatchObject({ kind: "extension", number: "302" });
    // Opened once: the token is spent.
    expect(open(d, { id: "n2", callId: "c2", caller: carol, forward: () => true })).toEqual({
      status: 480,
    });
  });

  test("a target on DND is refused at once, without a notice; a loop still ends with 482", () => {
    announce = true;
    forward("301", "always", "302");
    store.setDnd("302", true, 0);
    const r = router();
    expect(r.route(r.begin(carol, "301"))).toMatchObject({ kind: "refused", status: 486 });
    store.setDnd("302", false, 0);
    forward("302", "always", "301");
    expect(r.route(r.begin(carol, "301"))).toMatchObject({ kind: "refused", status: 482 });
  });
});

describe("ForwardingStore", () => {
  test("refuses a bad type or number, naming the field; one setting per type", () => {
    const bad = store.set({
      extension: "301",
      type: "sometimes" as "always",
      number: "302",
      enabled: true,
    });
    expect(!bad.ok && bad.error.field).toBe("type");
    const badNumber = store.set({ extension: "301", type: "always", number: "30a", enabled: true });
    expect(!badNumber.ok && badNumber.error.field).toBe("number");
    const self = store.set({ extension: "301", type: "always", number: "301", enabled: true });
    expect(!self.ok && self.error.field).toBe("number");
    forward("301", "always", "302");
    forward("301", "always", "303");
    forward("301", "busy", "302");
    expect(store.list("301").map((f) => [f.type, f.number])).toEqual([
      ["always", "303"],
      ["busy", "302"],
    ]);
    store.forget("301");
    expect(store.list()).toEqual([]);
  });
});
