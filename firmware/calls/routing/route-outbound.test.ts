import { describe, expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import type { AlarmEvent } from "../../events/event-bus.ts";
import { BUILTIN_CLASSES, type DialPermissionClass } from "../../routes/dial-permission.ts";
import { DEFAULT_EMERGENCY_NUMBERS } from "../../routes/emergency-numbers.ts";
import type { OutboundRoute } from "../../routes/outbound-match.ts";
import { type FuseLimits, NO_LIMITS, TollFuse } from "../../routes/toll-fuse.ts";
import { CallRouter } from "./call-router.ts";
import { firstOutbound, prefixOutbound } from "./outbound-provider.ts";
import { type RouteTrunk, routeOutbound } from "./route-outbound.ts";

const level = (name: string): DialPermissionClass =>
  BUILTIN_CLASSES.find((c) => c.name === name) ?? BUILTIN_CLASSES[0]!;

function route(overrides: Partial<OutboundRoute> = {}): OutboundRoute {
  return {
    id: 1,
    name: "Out",
    enabled: true,
    patterns: ["X."],
    prefix: "9",
    strip: 0,
    prepend: "",
    trunkIds: [1, 2, 3],
    callerId: "",
    pins: [],
    ...overrides,
  };
}

const TRUNKS: Record<number, RouteTrunk> = {
  1: {
    name: "Carrier A",
    kind: "register",
    enabled: true,
    fromUser: "",
    username: "acct1",
    fxoPorts: [],
  },
  2: { name: "Branch", kind: "peer", enabled: true, fromUser: "", username: "", fxoPorts: [] },
  3: { name: "Lines", kind: "analog", enabled: true, fromUser: "", username: "", fxoPorts: [2, 1] },
  4: { name: "Off", kind: "register", enabled: false, fromUser: "", username: "x", fxoPorts: [] },
};

/** The provider over `routes`; 101 is international, 102 local, 103 internal. */
function setup(
  routes: OutboundRoute[],
  limits: Partial<FuseLimits> = {},
  emergency: readonly string[] = DEFAULT_EMERGENCY_NUMBERS,
) {
  const clock = new ManualClock();
  const alarms: AlarmEvent[] = [];
  const fuse = new TollFuse({
    now: () => clock.now(),
    limits: () => ({ ...NO_LIMITS, ...limits }),
    alarm: (e) => alarms.push(e),
    emergencyNumbers: () => emergency,
  });
  const classes: Record<string, string> = {
    "101": "international",
    "102": "local",
    "103": "internal",
  };
  const provider = routeOutbound({
    routes: () => routes,
    caller: (number) =>
      classes[number]
        ? {
            extension: number,
            permission: level(classes[number]),
            outboundCallerId: number === "101" ? "02188880101" : "",
          }
        : undefined,
    trunk: (id) => TRUNKS[id],
    emergencyNumbers: () => emergency,
    fuse,
  });
  return { provider, clock, alarms, fuse };
}

const caller = (number: string) => ({ number });

describe("the outbound routes as a provider", () => {
  test("route trunks in order; an analog trunk is one FXO candidate per port; disabled trunks left out", () => {
    const { provider } = setup([route({ trunkIds: [4, 1, 3, 2], strip: 0, prepend: "86" })]);
    const plan = provider.plan("913800138000", caller("101"));
    expect(plan && !("refused" in plan) && plan).toMatchObject({
      prefix: "9",
      digits: "13800138000",
      route: "Out",
      candidates: [
        { channel: { kind: "trunk", trunk: "1" }, digits: "8613800138000", trunkName: "Carrier A" },
        { channel: { kind: "fxo", port: 2 }, digits: "8613800138000", trunkName: "Lines" },
        { channel: { kind: "fxo", port: 1 }, digits: "8613800138000", trunkName: "Lines" },
        { channel: { kind: "trunk", trunk: "2" }, digits: "8613800138000", trunkName: "Branch" },
      ],
    });
  });

  test("caller ID: the route's, else the extension's own, else the trunk's account", () => {
    const own = setup([route()]).provider.plan("962345678", caller("101"));
    const ids = (p: typeof own) =>
      p && !("refused" in p) ? p.candidates.map((c) => c.callerId) : undefined;
    expect(ids(own)).toEqual(["02188880101", "02188880101", "02188880101", "02188880101"]);
    const byRoute = setup([route({ callerId: "4008001234" })]).provider;
    expect(ids(byRoute.plan("962345678", caller("101")))).toEqual(Array(4).fill("4008001234"));
    // 102 has no outbound caller ID: the register trunk's account; nothing for the others.
    expect(ids(setup([route()]).provider.plan("962345678", caller("102")))).toEqual([
      "acct1",
      undefined,
      undefined,
      undefined,
    ]);
  });

  test("a class below the number's level is refused with 403 and the reason; emergency numbers pass", () => {
    const { provider } = setup([route()]);
    expect(provider.plan("90044123456", caller("102"))).toEqual({
      refused: { status: 403, phrase: "Not Permitted (local, needs international)" },
    });
    expect(provider.plan("962345678", caller("103"))).toMatchObject({
      refused: { status: 403, phrase: "Not Permitted (internal, needs local)" },
    });
    expect(provider.plan("9110", caller("103"))).toMatchObject({ digits: "110" });
    // Dialled without the route's prefix, an emergency number still goes out, unchanged.
    expect(provider.plan("119", caller("103"))).toMatchObject({
      digits: "119",
      candidates: [{ digits: "119" }, { digits: "119" }, { digits: "119" }, { digits: "119" }],
    });
    expect(provider.plan("555", caller("103"))).toBeUndefined();
  });

  test("the admin's emergency numbers: a listed number passes every class and the fuse, an unlisted one does not", () => {
    const { provider } = setup([route()], { maxPerHour: 1 }, ["110", "88110"]);
    // 103 may call inside the box only; the listed 88110 goes out with or without the prefix.
    expect(provider.plan("988110", caller("103"))).toMatchObject({ digits: "88110" });
    expect(provider.plan("88110", caller("103"))).toMatchObject({
      digits: "88110",
      candidates: [
        { digits: "88110" },
        { digits: "88110" },
        { digits: "88110" },
        { digits: "88110" },
      ],
    });
    // 119 is no longer listed: its class decides, and without the prefix it is no outside call.
    expect(provider.plan("9119", caller("103"))).toEqual({
      refused: { status: 403, phrase: "Not Permitted (internal, needs local)" },
    });
    expect(provider.plan("119", caller("103"))).toBeUndefined();
    // 101 uses up its one call an hour; the listed number still goes out, 119 does not.
    const first = provider.plan("962345678", caller("101"));
    if (!first || "refused" in first) throw new Error("no plan");
    first.admit!();
    expect(provider.plan("962345678", caller("101"))).toMatchObject({
      refused: { phrase: "Toll Fuse (too-many-per-hour)" },
    });
    expect(provider.plan("988110", caller("101"))).toMatchObject({ digits: "88110" });
    expect(provider.plan("9119", caller("101"))).toMatchObject({
      refused: { phrase: "Toll Fuse (too-many-per-hour)" },
    });
  });

  test("the toll fuse: a call is counted when admitted, released at its end, and trips with an alarm", () => {
    const { provider, clock, alarms, fuse } = setup([route()], { maxPerHour: 2, maxConcurrent: 1 });
    const admit = (n: string) => {
      const plan = provider.plan(n, caller("101"));
      if (!plan || "refused" in plan) throw new Error(JSON.stringify(plan));
      return plan.admit!();
    };
    const release = admit("962345678");
    expect(fuse.active("101")).toBe(1);
    expect(provider.plan("962345678", caller("101"))).toEqual({
      refused: { status: 403, phrase: "Toll Fuse (too-many-concurrent)" },
    });
    expect(alarms).toHaveLength(1);
    release();
    admit("962345678")();
    expect(provider.plan("962345678", caller("101"))).toMatchObject({
      refused: { phrase: "Toll Fuse (too-many-per-hour)" },
    });
    // An emergency call is never stopped by the fuse.
    expect(provider.plan("9120", caller("101"))).toMatchObject({ digits: "120" });
    clock.advance(3_600_001);
    expect(provider.plan("962345678", caller("101"))).toMatchObject({ digits: "62345678" });
    expect(alarms.map((a) => a.subject)).toEqual(["101", "101"]);
  });

  test("a PIN route hands the check with the plan; emergency calls never wait for a PIN", () => {
    const { provider } = setup([route({ pins: ["4321", "8888"] })]);
    const plan = provider.plan("962345678", caller("101"));
    if (!plan || "refused" in plan) throw new Error("no plan");
    expect(plan.pinCheck?.("4321")).toBe(true);
    expect(plan.pinCheck?.("1234")).toBe(false);
    const emergency = provider.plan("9110", caller("101"));
    expect(emergency && !("refused" in emergency) && emergency.pinCheck).toBeUndefined();
  });

  test("in the router: a refusal is a refused destination; no route falls back to the FXO prefix", () => {
    const { provider } = setup([route({ prefix: "0", trunkIds: [1] })]);
    const router = new CallRouter({
      lookupIp: () => undefined,
      outbound: firstOutbound([provider, prefixOutbound(() => ["9"])]),
    });
    expect(router.resolve("00044123", { number: "102", displayName: "" })).toEqual({
      kind: "refused",
      number: "00044123",
      status: 403,
      reason: "rejected",
      phrase: "Not Permitted (local, needs international)",
    });
    expect(router.resolve("962345678", { number: "102", displayName: "" })).toMatchObject({
      kind: "outbound",
      candidates: [{ channel: { kind: "fxo" } }],
    });
    // A caller that is no extension (a trunk's far end) takes no outbound route.
    expect(router.resolve("062345678", { number: "13800138000", displayName: "" }).kind).toBe(
      "unknown",
    );
  });
});
