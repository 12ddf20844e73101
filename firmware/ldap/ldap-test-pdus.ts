// Test support: LDAP requests encoded as a client (ldapsearch, a desk phone) sends them.
import { berConstructed, berInt, berString, berTlv } from "./ber-writer.ts";

const env = (id: number, op: Uint8Array) => berConstructed(0x30, [berInt(id), op]);

export function bindPdu(id: number, name: string, password: string, version = 3): Uint8Array {
  return env(
    id,
    berConstructed(0x60, [berInt(version), berString(name), berString(password, 0x80)]),
  );
}

/** A filter element: present, equality, substrings (with "*"), and/or/not by hand. */
export const f = {
  present: (attr: string) => berString(attr, 0x87),
  eq: (attr: string, value: string) => berConstructed(0xa3, [berString(attr), berString(value)]),
  sub: (attr: string, pattern: string) => {
    const pieces = pattern.split("*");
    const parts: Uint8Array[] = [];
    pieces.forEach((p, i) => {
      if (p === "") return;
      const tag = i === 0 ? 0x80 : i === pieces.length - 1 ? 0x82 : 0x81;
      parts.push(berString(p, tag));
    });
    return berConstructed(0xa4, [berString(attr), berConstructed(0x30, parts)]);
  },
  and: (...fs: Uint8Array[]) => berConstructed(0xa0, fs),
  or: (...fs: Uint8Array[]) => berConstructed(0xa1, fs),
  not: (inner: Uint8Array) => berConstructed(0xa2, [inner]),
};

export function searchPdu(
  id: number,
  filter: Uint8Array,
  options: { base?: string; scope?: number; sizeLimit?: number; attributes?: string[] } = {},
): Uint8Array {
  return env(
    id,
    berConstructed(0x63, [
      berString(options.base ?? "dc=pbx"),
      berInt(options.scope ?? 2, 0x0a),
      berInt(0, 0x0a),
      berInt(options.sizeLimit ?? 0),
      berInt(0),
      berTlv(0x01, Uint8Array.of(0)),
      filter,
      berConstructed(
        0x30,
        (options.attributes ?? []).map((a) => berString(a)),
      ),
    ]),
  );
}

export function deletePdu(id: number, dn: string): Uint8Array {
  return env(id, berString(dn, 0x4a));
}
