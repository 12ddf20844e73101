// The address phones should use to reach the box when none is configured: the bind address
// when it is a concrete one, else the first non-internal IPv4 interface address.

import { networkInterfaces } from "node:os";

export function localAddress(bind: string): string {
  if (bind !== "0.0.0.0" && bind !== "::") return bind;
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? [])
      if (entry.family === "IPv4" && !entry.internal) return entry.address;
  }
  return "127.0.0.1";
}
