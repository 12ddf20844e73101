import { describe, expect, test } from "bun:test";
import { extension } from "../call-engine.test-helper.ts";
import { CallRouter, type CallRouterOptions, MAX_ROUTE_HOPS } from "./call-router.ts";
import type { Destination } from "./destination.ts";
import { prefixOutbound } from "./outbound-provider.ts";
import type { RoutingHook } from "./routing-hooks.ts";

const alice = { number: "301", displayName: "Alice" };

const plan = (options: Partial<CallRouterOptions> = {}) =>
  new CallRouter({
    lookupIp: (n) => (["301", "302", "303", "90"].includes(n) ? extension(n) : undefined),
    analogPort: (n) => (n === "8002" ? 2 : undefined),
    department: (n) =>
      n === "600" ? { name: "Sales", members: ["302", "8002", "999"] } : undefined,
    outbound: prefixOutbound(() => ["9"]),
    ...options,
  });

const route = (router: CallRouter, number: string) => router.route(router.begin(alice, number));

describe("CallRouter", () => {
  test("an IP extension, an analog extension and an external number after the prefix 9", () => {
    expect(plan().resolve("301")).toMatchObject({ kind: "extension", number: "301" });
    expect(plan().resolve("8002")).toEqual({ kind: "analog", number: "8002", port: 2 });
    expect(plan().resolve("913800138000")).toEqual({
      kind: "outbound",
      number: "913800138000",
      prefix: "9",
      digits: "13800138000",
      candidates: [{ channel: { kind: "fxo" }, digits: "13800138000" }],
    });
  });

  test("an exact number wins over the outbound prefix; the prefix alone is unknown", () => {
    expect(plan().resolve("90").kind).toBe("extension");
    expect(plan().resolve("9").kind).toBe("unknown");
    expect(plan().resolve("555").kind).toBe("unknown");
  });

  test("feature codes come from the table, before outbound numbers", () => {
    const withCodes = plan({
      featureCode: (n) => (n.startsWith("**") ? { code: n, argument: "" } : undefined),
    });
    expect(withCodes.resolve("**11").kind).toBe("feature");
    expect(plan().resolve("**11").kind).toBe("unknown");
  });

  test("a department is its members, IP and analog alike; unknown members are left out", () => {
    const department = plan().resolve("600");
    expect(department.kind).toBe("department");
    if (department.kind !== "department") return;
    expect(department.name).toBe("Sales");
    expect(department.members.map((m) => [m.kind, m.number])).toEqual([
      ["extension", "302"],
      ["analog", "8002"],
    ]);
  });

  test("the outbound provider's candidates come in its order; another provider plugs in", () => {
    const trunkFirst = plan({
      outbound: {
        plan: (dialled) =>
          dialled.startsWith("0")
            ? {
                prefix: "0",
                digits: dialled.slice(1),
                candidates: [
                  {
                    channel: { kind: "trunk", trunk: "carrier-a" },
                    digits: `86${dialled.slice(1)}`,
                  },
                  { channel: { kind: "fxo", port: 1 }, digits: dialled.slice(1) },
                ],
              }
            : undefined,
      },
    });
    const out = trunkFirst.resolve("013800138000");
    expect(out.kind === "outbound" && out.candidates.map((c) => c.channel.kind)).toEqual([
      "trunk",
      "fxo",
    ]);
    expect(out.kind === "outbound" && out.candidates[0]!.digits).toBe("8613800138000");
    expect(trunkFirst.resolve("913800138000").kind).toBe("unknown");
  });
});

describe("routing hooks", () => {
  /** A small test hook: 302 is on DND, 303 forwards always to 301, busy goes to 8002. */
  const testHook: RoutingHook = {
    beforeRing(destination) {
      if (destination.number === "302")
        return { kind: "refused", number: "302", status: 486, reason: "busy" };
      if (destination.number === "303") return plan().resolve("301");
      return undefined;
    },
    onOutcome(destination, outcome) {
      if (outcome === "busy" && destination.number !== "8002") return plan().resolve("8002");
      return undefined;
    },
  };

  test("before ringing a hook refuses (DND) or redirects (forward always); others ring", () => {
    const router = plan({ hooks: [testHook] });
    expect(route(router, "302")).toEqual({
      kind: "refused",
      number: "302",
      status: 486,
      reason: "busy",
    });
    expect(route(router, "303")).toMatchObject({ kind: "extension", number: "301" });
    expect(route(router, "8002")).toEqual({ kind: "analog", number: "8002", port: 2 });
    expect(route(plan(), "302")).toMatchObject({ kind: "extension", number: "302" });
  });

  test("a department member on DND does not ring; the others do", () => {
    const dept = route(plan({ hooks: [testHook] }), "600");
    expect(dept.kind === "department" && dept.members.map((m) => m.number)).toEqual(["8002"]);
  });

  test("on the outcome a hook gives the next destination: busy goes to 8002, no answer ends", () => {
    const router = plan({ hooks: [testHook] });
    const call = router.begin(alice, "301");
    const first = router.route(call);
    expect(router.next(call, first, "busy")).toEqual({ kind: "analog", number: "8002", port: 2 });
    expect(router.next(call, first, "no-answer")).toBeUndefined();
    expect(plan().next(call, first, "busy")).toBeUndefined();
  });

  test("two hooks forwarding to each other end as a loop (482), not forever", () => {
    const ping: RoutingHook = {
      beforeRing: (d): Destination | undefined =>
        d.number === "301"
          ? plan().resolve("90")
          : d.number === "90"
            ? plan().resolve("301")
            : undefined,
    };
    const router = plan({ hooks: [ping] });
    const call = router.begin(alice, "301");
    expect(router.route(call)).toMatchObject({ kind: "refused", status: 482 });
    expect(call.path.length).toBe(MAX_ROUTE_HOPS + 1);
  });
});
