// SPEC CALL-15 **11 "say the WAN IP". The box has no WAN port of its own: its WAN address is
// taken to be the IPv4 address of the interface holding the default route (Linux
// /proc/net/route, destination 00000000), the address the box reaches the internet from.
import { readFileSync } from "node:fs";
import { networkInterfaces } from "node:os";

/** The interface of the default route in a /proc/net/route table, if any. */
export function defaultRouteInterface(table: string): string | undefined {
  for (const line of table.split("\n").slice(1)) {
    const [iface, destination, , flags] = line.trim().split(/\s+/);
    // RTF_UP (0x1) set and destination 0.0.0.0.
    if (iface && destination === "00000000" && (Number.parseInt(flags ?? "0", 16) & 1) === 1)
      return iface;
  }
  return undefined;
}

/** The IPv4 address of the default route's interface on this host, or undefined. */
export function defaultRouteAddress(): string | undefined {
  let table: string;
  try {
    table = readFileSync("/proc/net/route", "latin1");
  } catch {
    return undefined;
  }
  const iface = defaultRouteInterface(table);
  if (!iface) return undefined;
  return networkInterfaces()[iface]?.find((a) => a.family === "IPv4" && !a.internal)?.address;
}
