// Outbound routes in the numbering registry (SPEC ROUTE-2): a route with a prefix (the manuals
// dial 9 first) takes what is dialled as that prefix followed by a number one of its dial
// patterns matches. An extension may not take such a number, nor such a route a number the box
// answers: dialled on a handset, digit by digit, either could be meant. A route without a prefix
// is a catch-all the dial plan tries after every number of the box, so it shadows nothing.
import type { NumberHolder, NumberProvider } from "../numbering/number-holder.ts";
import { matchesDialPattern } from "./dial-pattern.ts";

interface RouteNumbers {
  name: string;
  prefix: string;
  enabled: boolean;
  patterns: readonly string[];
}

/** Whether `route` takes `number` as dialled: its prefix, then a number a pattern matches. */
export function routeCovers(route: Pick<RouteNumbers, "prefix" | "patterns">, number: string) {
  if (!number.startsWith(route.prefix)) return false;
  const rest = number.slice(route.prefix.length);
  return rest !== "" && route.patterns.some((p) => matchesDialPattern(p, rest));
}

/** The enabled routes as holders of the numbers they take. */
export function outboundRouteNumbers(routes: { list(): readonly RouteNumbers[] }): NumberProvider {
  return {
    holders: () =>
      routes
        .list()
        .filter((r) => r.enabled && r.prefix !== "")
        .map(
          (r): NumberHolder => ({
            kind: "outbound-route",
            number: r.prefix,
            name: r.name,
            label: `outbound route ${r.name}`,
            prefix: true,
            covers: (number) => routeCovers(r, number),
          }),
        ),
  };
}

/** The first number the box answers that `route` (with a prefix) would take, or undefined. */
export function firstCovered(
  route: Pick<RouteNumbers, "prefix" | "patterns">,
  holders: Iterable<NumberHolder>,
  besides: readonly string[],
): NumberHolder | undefined {
  if (route.prefix === "") return undefined;
  for (const holder of holders) {
    if (besides.includes(holder.kind) || holder.covers) continue;
    if (routeCovers(route, holder.number)) return holder;
  }
  return undefined;
}
