import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { extension } from "../calls/call-engine.test-helper.ts";
import { CallRouter } from "../calls/routing/call-router.ts";
import { prefixOutbound } from "../calls/routing/outbound-provider.ts";
import type { OpenDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { followMeHook } from "./follow-me-hook.ts";
import { FOLLOW_ME_NAME_APP, FollowMeNames } from "./follow-me-names.ts";
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

const router = (names?: FollowMeNames) =>
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
      followMeHook({ get: (e) => store.get(e), ...(names ? { names } : {}) }),
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

describe("follow-me confirm mode", () => {
  test("after the extension, the caller's name first; each number then asks its answerer to accept", () => {
    store.set({
      extension: "301",
      enabled: true,
      ringFirstS: 8,
      mode: "confirm",
      numbers: [
        { number: "302", ringS: 12 },
        { number: "304", ringS: 20 },
      ],
    });
    const names = new FollowMeNames({
      clock: { now: () => 0, setTimer: () => ({ cancel() {} }) },
      clip: (_n, name) => (name === "wakeup/press-1-confirm" ? new Int16Array(800) : undefined),
    });
    const r = router(names);
    const call = r.begin(carol, "301");
    const first = r.route(call);
    expect(first).toMatchObject({ kind: "extension", number: "301", ringTimeMs: 8000 });
    expect(first).not.toHaveProperty("accept");
    const recording = r.next(call, first, "no-answer");
    expect(recording).toMatchObject({
      kind: "application",
      app: FOLLOW_ME_NAME_APP,
      number: "301",
    });
    // The list's steps carry one key; what an answerer hears: lead-in, then "press 1".
    const key = (recording as { argument: string }).argument;
    const step302 = {
      kind: "extension" as const,
      number: "302",
      extension: extension("302"),
      ringTimeMs: 12_000,
      accept: { key },
    };
    const next = r.next(call, step302, "no-answer");
    expect(next).toMatchObject({
      kind: "extension",
      number: "304",
      ringTimeMs: 20_000,
      accept: { key },
    });
    expect(names.acceptance({ key }).map((c) => c.length)).toEqual([4000, 800]);
  });

  test("always mode never asks", () => {
    follow("301", [["302", 12]]);
    const names = new FollowMeNames({
      clock: { now: () => 0, setTimer: () => ({ cancel() {} }) },
      clip: () => undefined,
    });
    const r = router(names);
    const call = r.begin(carol, "301");
    const second = r.next(call, r.route(call), "no-answer");
    expect(second).toMatchObject({ kind: "extension", number: "302" });
    expect(second).not.toHaveProperty("accept");
  });
});
