// Serializes RTCP compound packets (RFC 3550 section 6.1, 6.4-6.6). The caller orders them as
// 6.1 requires: a report (SR or RR) first, SDES with CNAME next, BYE last.
import {
  type Goodbye,
  type ReportBlock,
  RTCP_BYE,
  RTCP_RR,
  RTCP_SDES,
  RTCP_SR,
  type RtcpPacket,
  type SourceDescription,
} from "./rtcp-packet.ts";

const encoder = new TextEncoder();

/** Builds a compound RTCP packet from its parts. */
export function buildRtcpCompound(packets: readonly RtcpPacket[]): Uint8Array {
  const parts = packets.map(buildOne);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function buildOne(packet: RtcpPacket): Uint8Array {
  switch (packet.type) {
    case "sr": {
      const out = header(RTCP_SR, packet.reports.length, 24 + packet.reports.length * 24);
      const view = viewOf(out);
      view.setUint32(4, packet.ssrc >>> 0);
      view.setUint32(8, packet.ntpSeconds >>> 0);
      view.setUint32(12, packet.ntpFraction >>> 0);
      view.setUint32(16, packet.rtpTimestamp >>> 0);
      view.setUint32(20, packet.packetCount >>> 0);
      view.setUint32(24, packet.octetCount >>> 0);
      writeReports(view, 28, packet.reports);
      return out;
    }
    case "rr": {
      const out = header(RTCP_RR, packet.reports.length, 4 + packet.reports.length * 24);
      viewOf(out).setUint32(4, packet.ssrc >>> 0);
      writeReports(viewOf(out), 8, packet.reports);
      return out;
    }
    case "sdes":
      return buildSdes(packet);
    case "bye":
      return buildBye(packet);
    case "other": {
      const out = header(packet.packetType, packet.count, align4(packet.body.length));
      out.set(packet.body, 4);
      return out;
    }
  }
}

function buildSdes(packet: SourceDescription): Uint8Array {
  if (packet.chunks.length > 31) throw new RangeError("at most 31 SDES chunks");
  const chunks = packet.chunks.map((chunk) => {
    const items = chunk.items.map((item) => {
      const text = encoder.encode(item.text).subarray(0, 255);
      const bytes = new Uint8Array(2 + text.length);
      bytes[0] = item.type;
      bytes[1] = text.length;
      bytes.set(text, 2);
      return bytes;
    });
    const itemBytes = items.reduce((n, i) => n + i.length, 0);
    // The item list ends with at least one null octet, padded to a 32-bit boundary (6.5).
    const out = new Uint8Array(4 + align4(itemBytes + 1));
    viewOf(out).setUint32(0, chunk.ssrc >>> 0);
    let offset = 4;
    for (const item of items) {
      out.set(item, offset);
      offset += item.length;
    }
    return out;
  });
  const body = chunks.reduce((n, c) => n + c.length, 0);
  const out = header(RTCP_SDES, chunks.length, body);
  let offset = 4;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function buildBye(packet: Goodbye): Uint8Array {
  if (packet.ssrcs.length > 31) throw new RangeError("at most 31 SSRCs in a BYE");
  const reason =
    packet.reason === undefined ? undefined : encoder.encode(packet.reason).subarray(0, 255);
  const reasonBytes = reason ? align4(1 + reason.length) : 0;
  const out = header(RTCP_BYE, packet.ssrcs.length, packet.ssrcs.length * 4 + reasonBytes);
  const view = viewOf(out);
  packet.ssrcs.forEach((ssrc, i) => {
    view.setUint32(4 + i * 4, ssrc >>> 0);
  });
  if (reason) {
    const at = 4 + packet.ssrcs.length * 4;
    out[at] = reason.length;
    out.set(reason, at + 1);
  }
  return out;
}

function header(packetType: number, count: number, bodyBytes: number): Uint8Array {
  const out = new Uint8Array(4 + bodyBytes);
  out[0] = 0x80 | (count & 0x1f);
  out[1] = packetType;
  // Length in 32-bit words minus one (6.4.1).
  viewOf(out).setUint16(2, out.length / 4 - 1);
  return out;
}

function writeReports(view: DataView, offset: number, reports: readonly ReportBlock[]): void {
  if (reports.length > 31) throw new RangeError("at most 31 report blocks");
  for (const r of reports) {
    view.setUint32(offset, r.ssrc >>> 0);
    view.setUint32(offset + 4, ((r.fractionLost & 0xff) << 24) | (r.cumulativeLost & 0xffffff));
    view.setUint32(offset + 8, r.extendedHighestSeq >>> 0);
    view.setUint32(offset + 12, r.jitter >>> 0);
    view.setUint32(offset + 16, r.lastSr >>> 0);
    view.setUint32(offset + 20, r.delaySinceLastSr >>> 0);
    offset += 24;
  }
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
