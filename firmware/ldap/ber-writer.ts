// ITU-T X.690 DER-style encoding for what the LDAP server sends (RFC 4511 section 5.1):
// definite, minimal lengths; integers in the fewest octets.

/** An element with `tag` around `contents` (already encoded children or raw octets). */
export function berTlv(tag: number, contents: Uint8Array): Uint8Array {
  const n = contents.length;
  const header =
    n < 0x80
      ? [tag, n]
      : n < 0x100
        ? [tag, 0x81, n]
        : n < 0x10000
          ? [tag, 0x82, n >> 8, n & 0xff]
          : [tag, 0x84, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(header.length + n);
  out.set(header, 0);
  out.set(contents, header.length);
  return out;
}

/** Concatenates encoded elements. */
export function berConcat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A constructed element holding `children`. */
export function berConstructed(tag: number, children: readonly Uint8Array[]): Uint8Array {
  return berTlv(tag, berConcat(children));
}

/** An INTEGER (0x02) or ENUMERATED (0x0a) in the fewest two's-complement octets. */
export function berInt(value: number, tag = 0x02): Uint8Array {
  const bytes: number[] = [];
  let v = value;
  do {
    bytes.unshift(v & 0xff);
    v >>= 8;
  } while (!(v === 0 && (bytes[0]! & 0x80) === 0) && !(v === -1 && (bytes[0]! & 0x80) !== 0));
  return berTlv(tag, Uint8Array.from(bytes));
}

/** An OCTET STRING (0x04 unless tagged otherwise) of UTF-8 text. */
export function berString(text: string, tag = 0x04): Uint8Array {
  return berTlv(tag, new TextEncoder().encode(text));
}
