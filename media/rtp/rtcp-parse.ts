// Parses RTCP compound packets (RFC 3550 section 6.1, 6.4-6.6), validating as appendix A.2
// suggests: version 2 everywhere, lengths that add up to the datagram exactly, padding only
// where its count fits. Reduced-size RTCP (RFC 5506, no leading report) is accepted. Never
// throws: garbage gives an error result.
import {
  type ReportBlock,
  RTCP_BYE,
  RTCP_RR,
  RTCP_SDES,
  RTCP_SR,
  type RtcpPacket,
  type SdesItem,
} from "./rtcp-packet.ts";

export type RtcpParseError =
  | "too-short"
  | "bad-version"
  | "bad-length"
  | "bad-padding"
  | "truncated-report"
  | "truncated-sdes"
  | "truncated-bye";

export type RtcpParseResult =
  | { ok: true; packets: RtcpPacket[] }
  | { ok: false; error: RtcpParseError };

const decoder = new TextDecoder();

/** Parses a whole RTCP datagram into its packets. */
export function parseRtcpCompound(data: Uint8Array): RtcpParseResult {
  if (data.length < 4) return { ok: false, error: "too-short" };
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const packets: RtcpPacket[] = [];
  let offset = 0;
  while (offset < data.length) {
    if (offset + 4 > data.length) return { ok: false, error: "bad-length" };
    const b0 = data[offset]!;
    if (b0 >> 6 !== 2) return { ok: false, error: "bad-version" };
    const end = offset + (view.getUint16(offset + 2) + 1) * 4;
    if (end > data.length) return { ok: false, error: "bad-length" };
    let bodyEnd = end;
    if (b0 & 0x20) {
      const padding = data[end - 1]!;
      if (padding === 0 || offset + 4 + padding > end) return { ok: false, error: "bad-padding" };
      bodyEnd = end - padding;
    }
    const parsed = parseOne(data.subarray(offset, bodyEnd), data[offset + 1]!, b0 & 0x1f);
    if (typeof parsed === "string") return { ok: false, error: parsed };
    packets.push(parsed);
    offset = end;
  }
  return { ok: true, packets };
}

function parseOne(
  bytes: Uint8Array,
  packetType: number,
  count: number,
): RtcpPacket | RtcpParseError {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (packetType) {
    case RTCP_SR: {
      if (bytes.length < 28 + count * 24) return "truncated-report";
      return {
        type: "sr",
        ssrc: view.getUint32(4),
        ntpSeconds: view.getUint32(8),
        ntpFraction: view.getUint32(12),
        rtpTimestamp: view.getUint32(16),
        packetCount: view.getUint32(20),
        octetCount: view.getUint32(24),
        reports: readReports(view, 28, count),
      };
    }
    case RTCP_RR: {
      if (bytes.length < 8 + count * 24) return "truncated-report";
      return { type: "rr", ssrc: view.getUint32(4), reports: readReports(view, 8, count) };
    }
    case RTCP_SDES:
      return parseSdes(bytes, view, count);
    case RTCP_BYE: {
      if (bytes.length < 4 + count * 4) return "truncated-bye";
      const ssrcs: number[] = [];
      for (let i = 0; i < count; i++) ssrcs.push(view.getUint32(4 + i * 4));
      const at = 4 + count * 4;
      if (at < bytes.length) {
        const length = bytes[at]!;
        if (at + 1 + length > bytes.length) return "truncated-bye";
        return {
          type: "bye",
          ssrcs,
          reason: decoder.decode(bytes.subarray(at + 1, at + 1 + length)),
        };
      }
      return { type: "bye", ssrcs };
    }
    default:
      return { type: "other", packetType, count, body: bytes.subarray(4) };
  }
}

function parseSdes(bytes: Uint8Array, view: DataView, count: number): RtcpPacket | RtcpParseError {
  const chunks: { ssrc: number; items: SdesItem[] }[] = [];
  let offset = 4;
  for (let c = 0; c < count; c++) {
    if (offset + 4 > bytes.length) return "truncated-sdes";
    const ssrc = view.getUint32(offset);
    offset += 4;
    const items: SdesItem[] = [];
    for (;;) {
      if (offset >= bytes.length) return "truncated-sdes";
      const type = bytes[offset]!;
      if (type === 0) {
        // End of the item list: skip the null octet(s) up to the next 32-bit boundary.
        offset = (offset + 4) & ~3;
        break;
      }
      if (offset + 2 > bytes.length) return "truncated-sdes";
      const length = bytes[offset + 1]!;
      if (offset + 2 + length > bytes.length) return "truncated-sdes";
      items.push({ type, text: decoder.decode(bytes.subarray(offset + 2, offset + 2 + length)) });
      offset += 2 + length;
    }
    chunks.push({ ssrc, items });
  }
  return { type: "sdes", chunks };
}

function readReports(view: DataView, offset: number, count: number): ReportBlock[] {
  const reports: ReportBlock[] = [];
  for (let i = 0; i < count; i++, offset += 24) {
    const lossWord = view.getUint32(offset + 4);
    reports.push({
      ssrc: view.getUint32(offset),
      fractionLost: lossWord >>> 24,
      // Sign-extend the 24-bit cumulative loss.
      cumulativeLost: (lossWord << 8) >> 8,
      extendedHighestSeq: view.getUint32(offset + 8),
      jitter: view.getUint32(offset + 12),
      lastSr: view.getUint32(offset + 16),
      delaySinceLastSr: view.getUint32(offset + 20),
    });
  }
  return reports;
}
