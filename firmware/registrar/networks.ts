// Which peers count as "on the LAN" (SPEC EXT-2: only remote extensions may register from
// outside it) and the ban whitelist: IPv4/IPv6 CIDR matching.

import { isIP } from "node:net";

export interface Cidr {
  bytes: Uint8Array;
  prefix: number;
}

/** Private, loopback and link-local ranges: a LAN by default. */
export const DEFAULT_LAN = [
  "127.0.0.0/8",
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "169.254.0.0/16",
  "::1/128",
  "fc00::/7",
  "fe80::/10",
];

/** Parses "a.b.c.d/n" or "x::y/n" (a bare address is a /32 or /128); undefined if invalid. */
export function parseCidr(text: string): Cidr | undefined {
  const [address, prefixText] = text.trim().split("/");
  const bytes = address ? addressBytes(address) : undefined;
  if (!bytes) return undefined;
  const prefix = prefixText === undefined ? bytes.length * 8 : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bytes.length * 8) return undefined;
  return { bytes, prefix };
}

export function matchesAny(address: string, networks: readonly Cidr[]): boolean {
  const bytes = addressBytes(address);
  return bytes !== undefined && networks.some((net) => inCidr(bytes, net));
}

function inCidr(bytes: Uint8Array, net: Cidr): boolean {
  if (bytes.length !== net.bytes.length) return false;
  let bits = net.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i]! & mask) !== (net.bytes[i]! & mask)) return false;
  }
  return true;
}

/** Address bytes; IPv4-mapped IPv6 (::ffff:a.b.c.d) reads as IPv4. */
export function addressBytes(text: string): Uint8Array | undefined {
  const address = text.replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return addressBytes(mapped[1]!);
  const kind = isIP(address);
  if (kind === 4) return Uint8Array.from(address.split(".").map(Number));
  if (kind !== 6) return undefined;
  const [head, tail] = address.includes("::") ? address.split("::") : [address, undefined];
  const groups = (part: string | undefined): number[] =>
    (part ? part.split(":") : []).flatMap((g) =>
      g.includes(".") ? ipv4Groups(g) : [Number.parseInt(g, 16)],
    );
  const l = groups(head);
  const r = groups(tail);
  const fill: number[] = tail === undefined ? [] : new Array(8 - l.length - r.length).fill(0);
  const all = [...l, ...fill, ...r];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[i * 2] = (g >> 8) & 0xff;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

function ipv4Groups(quad: string): number[] {
  const [a = 0, b = 0, c = 0, d = 0] = quad.split(".").map(Number);
  return [(a << 8) | b, (c << 8) | d];
}
