import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { extension } from "../calls/call-engine.test-helper.ts";
import { CallRouter } from "../calls/routing/call-router.ts";
import { prefixOutbound } from "../calls/routing/outbound-provider.ts";
import type { OpenDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { followMeHook } from "./follow-me-hook.ts";
import { FollowMeStore } from "./follow-me-store.ts";
import { forwardingHook } from "./forwarding-hook.ts";
import { ForwardingStore } from "./forwarding-store.ts";

const carol = { number: "303", displayName: "Carol" };
let db: OpenDatabase;
let store: FollowMeStore;
let forwards: ForwardingStore;

beforeEach(() => {
  db = openTestDatabase();
  store = new FollowMeStore(db.db);
  forwards = new ForwardingStore(db.db);
});
afterEach(() => db.close());

const router = () =>
  new CallRouter({
    lookupIp: (n) => (["301", "302", "303", "304"].includes(n) ? extension(n) : undefined),
    outbound: prefixOutbound(() => ["9"]),
    hooks: [
      forwardingHook({
        active: (e, t) => forwards.active(e, t),
        dnd: (e) => forwards.dnd(e),
        inCall: () => false,
        passCallerId: () => false,
      }),
      followMeHook({ get: (e) => store.get(e) }),
    ],
  });

const follow = (extension: string, numbers: [string, number][], enabled = true) =>
  store.set({
    extension,
    enabled,
    ringFirstS: 8,
    mode: "always",
    numbers: numbers.map(([number, ringS]) => ({ number, ringS })),
  });

describe("follow-me as a routing hook", () => {
  test("the extension rings its own time, then each number in turn for its own, then the end", () => {
    follow("301", [
      ["302", 12],
      ["913800138000", 25],
    ]);
    const r = router();
    const call = r.begin(carol, "301");
    const first = r.route(call);
    expect(first).toMatchObject({ kind: "extension", number: "301", ringTimeMs: 8000 });
    const second = r.next(call, first, "no-answer");
    expect(second).toMatchObject({ kind: "extension", number: "302", ringTimeMs: 12_000 });
    const third = r.next(call, second!, "unavailable");
    expect(third).toMatchObject({ kind: "outbound", number: "913800138000", ringTimeMs: 25_000 });
    expect(r.next(call, third!, "no-answer")).toBeUndefined();
  });

  test("off, or with an empty list, the extension rings as usual", () => {
    follow("301", [["302", 12]], false);
    const r = router();
    const call = r.begin(carol, "301");
    const first = r.route(call);
    expect(first).toEqual(expect.not.objectContaining({ ringTimeMs: expect.anything() }));
    expect(r.next(call, first, "no-answer")).toBeUndefined();
  });

  test("a step's own follow-me is not asked; forwarding always on the extension comes first", () => {
    follow("301", [["302", 12]]);
    follow("302", [["304", 10]]);
    const r = router();
    const call = r.begin(carol, "301");
    const second = r.next(call, r.route(call), "no-answer");
    expect(second).toMatchObject({ number: "302", ringTimeMs: 12_000 });
    expect(r.next(call, second!, "no-answer")).toBeUndefined();
    expect(
      forwards.set({ extension: "301", type: "always", number: "304", enabled: true }).ok,
    ).toBe(true);
    expect(r.route(r.begin(carol, "301"))).toMatchObject({ number: "304" });
  });
});
