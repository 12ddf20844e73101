// RTP fixed header, CSRC list, header extension and padding (RFC 3550 section 5.1, 5.3.1).
// Parsing never throws: malformed input is a result with an error code. The payload and
// extension data are views into the input, not copies.

/** A parsed or to-be-serialized RTP packet. */
export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrcs: readonly number[];
  /** Header extension (RFC 3550 5.3.1): 16-bit profile-defined value and 32-bit-word data. */
  extension?: { profile: number; data: Uint8Array };
  payload: Uint8Array;
  /** Padding octets after the payload (0 when the P bit is clear). */
  paddingBytes: number;
}

/** Why a datagram is not an RTP packet. */
export type RtpParseError =
  | "too-short"
  | "bad-version"
  | "truncated-csrc"
  | "truncated-extension"
  | "bad-padding";

export type RtpParseResult = { ok: true; packet: RtpPacket } | { ok: false; error: RtpParseError };

const FIXED_HEADER_BYTES = 12;

/** Parses one datagram; never throws. */
export function parseRtpPacket(data: Uint8Array): RtpParseResult {
  if (data.length < FIXED_HEADER_BYTES) return { ok: false, error: "too-short" };
  const b0 = data[0]!;
  if (b0 >> 6 !== 2) return { ok: false, error: "bad-version" };
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const csrcCount = b0 & 0x0f;
  let offset = FIXED_HEADER_BYTES + csrcCount * 4;
  if (offset > data.length) return { ok: false, error: "truncated-csrc" };
  const csrcs: number[] = [];
  for (let i = 0; i < csrcCount; i++) csrcs.push(view.getUint32(FIXED_HEADER_BYTES + i * 4));
  let extension: RtpPacket["extension"];
  if (b0 & 0x10) {
    if (offset + 4 > data.length) return { ok: false, error: "truncated-extension" };
    const profile = view.getUint16(offset);
    const words = view.getUint16(offset + 2);
    const end = offset + 4 + words * 4;
    if (end > data.length) return { ok: false, error: "truncated-extension" };
    extension = { profile, data: data.subarray(offset + 4, end) };
    offset = end;
  }
  let paddingBytes = 0;
  if (b0 & 0x20) {
    // The last octet counts the padding, itself included (RFC 3550 5.1, P bit).
    paddingBytes = data[data.length - 1]!;
    if (paddingBytes === 0 || offset + paddingBytes > data.length) {
      return { ok: false, error: "bad-padding" };
    }
  }
  const b1 = data[1]!;
  const packet: RtpPacket = {
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    csrcs,
    payload: data.subarray(offset, data.length - paddingBytes),
    paddingBytes,
  };
  if (extension) packet.extension = extension;
  return { ok: true, packet };
}

/** Bytes the serialized packet takes. */
export function rtpPacketBytes(packet: RtpPacket): number {
  const ext = packet.extension ? 4 + align4(packet.extension.data.length) : 0;
  return (
    FIXED_HEADER_BYTES + packet.csrcs.length * 4 + ext + packet.payload.length + packet.paddingBytes
  );
}

/**
 * Serializes into `out` (allocated when omitted) and returns the view of the bytes written.
 * Up to 15 CSRCs; extension data is zero-padded to whole 32-bit words.
 */
export function serializeRtpPacket(packet: RtpPacket, out?: Uint8Array): Uint8Array {
  const size = rtpPacketBytes(packet);
  const buf = out ?? new Uint8Array(size);
  if (buf.length < size) throw new RangeError(`RTP packet needs ${size} bytes`);
  if (packet.csrcs.length > 15) throw new RangeError("at most 15 CSRCs");
  if (packet.paddingBytes > 255) throw new RangeError("at most 255 padding bytes");
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  buf[0] =
    0x80 |
    (packet.paddingBytes > 0 ? 0x20 : 0) |
    (packet.extension ? 0x10 : 0) |
    packet.csrcs.length;
  buf[1] = (packet.marker ? 0x80 : 0) | (packet.payloadType & 0x7f);
  view.setUint16(2, packet.sequenceNumber & 0xffff);
  view.setUint32(4, packet.timestamp >>> 0);
  view.setUint32(8, packet.ssrc >>> 0);
  let offset = FIXED_HEADER_BYTES;
  for (const csrc of packet.csrcs) {
    view.setUint32(offset, csrc >>> 0);
    offset += 4;
  }
  if (packet.extension) {
    const words = align4(packet.extension.data.length) / 4;
    view.setUint16(offset, packet.extension.profile);
    view.setUint16(offset + 2, words);
    buf.set(packet.extension.data, offset + 4);
    buf.fill(0, offset + 4 + packet.extension.data.length, offset + 4 + words * 4);
    offset += 4 + words * 4;
  }
  buf.set(packet.payload, offset);
  offset += packet.payload.length;
  if (packet.paddingBytes > 0) {
    buf.fill(0, offset, offset + packet.paddingBytes - 1);
    buf[offset + packet.paddingBytes - 1] = packet.paddingBytes;
  }
  return buf.subarray(0, size);
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
