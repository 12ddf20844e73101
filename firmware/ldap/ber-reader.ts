// ITU-T X.690 BER, the subset LDAP uses (RFC 4511 section 5.1): low tag numbers only, definite
// lengths only (indefinite is forbidden in LDAP), lengths of at most 4 octets. Reading never
// throws: a malformed element is `undefined`, and the caller closes the connection.

/** One element: tag octet, whether constructed, its contents. */
export interface BerElement {
  tag: number;
  constructed: boolean;
  contents: Uint8Array;
}

/** How much of `bytes` the element at `offset` needs: its total size, or why it is bad. */
export type BerFrame =
  | { kind: "complete"; headerLength: number; length: number }
  | { kind: "incomplete" }
  | { kind: "invalid" };

/** The size of the element starting at `offset`, without needing its contents yet. */
export function berFrame(bytes: Uint8Array, offset = 0): BerFrame {
  if (offset >= bytes.length) return { kind: "incomplete" };
  if ((bytes[offset]! & 0x1f) === 0x1f) return { kind: "invalid" }; // high tag numbers
  if (offset + 1 >= bytes.length) return { kind: "incomplete" };
  const first = bytes[offset + 1]!;
  if (first < 0x80) return { kind: "complete", headerLength: 2, length: first };
  const octets = first & 0x7f;
  if (octets === 0 || octets > 4) return { kind: "invalid" }; // indefinite or absurd
  if (offset + 2 + octets > bytes.length) return { kind: "incomplete" };
  let length = 0;
  for (let i = 0; i < octets; i++) length = length * 256 + bytes[offset + 2 + i]!;
  return { kind: "complete", headerLength: 2 + octets, length };
}

/** The elements that fill `bytes` exactly, in order; undefined when they do not. */
export function berElements(bytes: Uint8Array): BerElement[] | undefined {
  const out: BerElement[] = [];
  let at = 0;
  while (at < bytes.length) {
    const frame = berFrame(bytes, at);
    if (frame.kind !== "complete") return undefined;
    const start = at + frame.headerLength;
    const end = start + frame.length;
    if (end > bytes.length) return undefined;
    const tag = bytes[at]!;
    out.push({ tag, constructed: (tag & 0x20) !== 0, contents: bytes.subarray(start, end) });
    at = end;
  }
  return out;
}

/** The single element that is all of `bytes`. */
export function berElement(bytes: Uint8Array): BerElement | undefined {
  const all = berElements(bytes);
  return all?.length === 1 ? all[0] : undefined;
}

/** The children of a constructed element. */
export function berChildren(element: BerElement | undefined): BerElement[] | undefined {
  if (!element?.constructed) return undefined;
  return berElements(element.contents);
}

/** A two's-complement INTEGER or ENUMERATED of at most 4 octets (LDAP never needs more). */
export function berInteger(element: BerElement | undefined): number | undefined {
  if (!element || element.constructed) return undefined;
  const bytes = element.contents;
  if (bytes.length === 0 || bytes.length > 4) return undefined;
  let value = bytes[0]! & 0x80 ? -1 : 0;
  // Starting from -1 for a set sign bit makes each step two's complement: [0xff] -> -1.
  for (const byte of bytes) value = value * 256 + byte;
  return value;
}

/** An OCTET STRING (or LDAPString) as UTF-8 text. */
export function berText(element: BerElement | undefined): string | undefined {
  if (!element || element.constructed) return undefined;
  return new TextDecoder("utf-8", { fatal: false }).decode(element.contents);
}

/** A BOOLEAN: one octet, zero false. */
export function berBoolean(element: BerElement | undefined): boolean | undefined {
  if (!element || element.constructed || element.contents.length !== 1) return undefined;
  return element.contents[0] !== 0;
}
