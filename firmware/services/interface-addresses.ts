// Every IP address of the box's interfaces (IPv4 and IPv6, loopback included), as the names
// its first-boot certificate lists: phones and browsers reach the box by its LAN address.

import { networkInterfaces } from "node:os";

/** The interfaces' addresses, without IPv6 zone suffixes, each once. */
export function interfaceAddresses(): string[] {
  const found = new Set<string>();
  for (const list of Object.values(networkInterfaces()))
    for (const entry of list ?? []) found.add(entry.address.replace(/%.*$/, ""));
  return [...found];
}
