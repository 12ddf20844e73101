// Which numbers an outbound route takes, as the numbering registry sees it.
import { describe, expect, test } from "bun:test";
import { NumberRegistry } from "../numbering/number-registry.ts";
import { firstCovered, outboundRouteNumbers, routeCovers } from "./outbound-route-numbers.ts";

const route = { name: "Mobile", prefix: "9", enabled: true, patterns: ["1[3-9]XXXXXXXXX"] };

describe("outbound routes in the numbering", () => {
  test("a route takes its prefix followed by a number its patterns match", () => {
    expect(routeCovers(route, "913812345678")).toBe(true);
    expect(routeCovers(route, "912812345678")).toBe(false);
    expect(routeCovers(route, "9")).toBe(false);
  });

  test("an extension under a route's prefix and patterns is refused, naming the route", () => {
    const numbering = new NumberRegistry();
    numbering.register(outboundRouteNumbers({ list: () => [route] }));
    expect(numbering.firstClash(["913812345678"])?.params).toEqual({
      holder: { kind: "outbound-route", number: "9", name: "Mobile" },
      match: "starts-with",
    });
    expect(numbering.firstClash(["9001"])).toBeUndefined();
  });

  test("a route without a prefix is a catch-all and shadows nothing; disabled routes neither", () => {
    const holders = [{ kind: "extension", number: "100", name: "", label: "", prefix: false }];
    expect(firstCovered({ prefix: "", patterns: ["X."] }, holders, [])).toBeUndefined();
    expect(firstCovered({ prefix: "1", patterns: ["X."] }, holders, [])?.number).toBe("100");
    const numbering = new NumberRegistry();
    numbering.register(
      outboundRouteNumbers({
        list: () => [
          { ...route, prefix: "" },
          { ...route, enabled: false },
        ],
      }),
    );
    expect(numbering.holders()).toEqual([]);
  });
});
