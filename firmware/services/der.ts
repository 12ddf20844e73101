// ITU-T X.690 DER encoding, just the types an X.509 certificate needs.

export function der(tag: number, content: Uint8Array): Uint8Array {
  const length = content.length;
  let header: number[];
  if (length < 0x80) header = [tag, length];
  else {
    const bytes: number[] = [];
    for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  const out = new Uint8Array(header.length + length);
  out.set(header);
  out.set(content, header.length);
  return out;
}

export const sequence = (...items: Uint8Array[]) => der(0x30, Buffer.concat(items));
export const set = (...items: Uint8Array[]) => der(0x31, Buffer.concat(items));
export const explicit = (n: number, item: Uint8Array) => der(0xa0 + n, item);
export const utf8 = (text: string) => der(0x0c, Buffer.from(text, "utf8"));
export const octets = (bytes: Uint8Array) => der(0x04, bytes);
export const bitString = (bytes: Uint8Array) => der(0x03, Buffer.concat([Buffer.from([0]), bytes]));
export const bool = (value: boolean) => der(0x01, Uint8Array.of(value ? 0xff : 0));

/** A non-negative INTEGER from big-endian bytes (a 0 byte is prefixed when the top bit is set). */
export function integer(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return der(0x02, (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

export function oid(dotted: string): Uint8Array {
  const parts = dotted.split(".").map(Number);
  const bytes = [40 * parts[0]! + parts[1]!];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let n = part >> 7; n > 0; n >>= 7) chunk.unshift((n & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Uint8Array.from(bytes));
}

/** GeneralizedTime (used for every date, valid for any year). */
export function time(date: Date): Uint8Array {
  const text = `${date.toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;
  return der(0x18, Buffer.from(text, "ascii"));
}
