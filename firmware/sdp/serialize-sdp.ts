// RFC 8866 §5: the fixed line order (v o s i u e p c b t r z k a, then per media m i c b k a),
// CRLF line ends (§5: "The sequence CRLF ... is used to end a line"). Within a media section the
// attributes go rtpmap/fmtp per format in m= order, then ptime, maxptime, rtcp, the kept
// attributes, and the direction last, the order phones themselves emit.

import type {
  Attribute,
  Bandwidth,
  Connection,
  MediaDescription,
  SessionDescription,
} from "./session-description.ts";

const CRLF = "\r\n";

/** Writes a session description as CRLF-terminated lines. */
export function serializeSdp(sdp: SessionDescription): string {
  const out: string[] = ["v=0"];
  const o = sdp.origin;
  out.push(
    `o=${o.username} ${o.sessionId} ${o.sessionVersion} ${o.netType} ${o.addrType} ${o.address}`,
  );
  out.push(`s=${sdp.sessionName.length > 0 ? sdp.sessionName : "-"}`);
  if (sdp.information !== undefined) out.push(`i=${sdp.information}`);
  if (sdp.uri !== undefined) out.push(`u=${sdp.uri}`);
  for (const e of sdp.emails) out.push(`e=${e}`);
  for (const p of sdp.phones) out.push(`p=${p}`);
  if (sdp.connection !== undefined) out.push(connectionLine(sdp.connection));
  pushBandwidths(out, sdp.bandwidths);
  const timings = sdp.timings.length > 0 ? sdp.timings : [{ start: "0", stop: "0", repeats: [] }];
  for (const t of timings) {
    out.push(`t=${t.start} ${t.stop}`);
    for (const r of t.repeats) out.push(`r=${r}`);
  }
  if (sdp.timeZones !== undefined) out.push(`z=${sdp.timeZones}`);
  if (sdp.key !== undefined) out.push(`k=${sdp.key}`);
  pushAttributes(out, sdp.attributes);
  if (sdp.direction !== undefined) out.push(`a=${sdp.direction}`);
  for (const m of sdp.media) pushMedia(out, m);
  return out.join(CRLF) + CRLF;
}

function connectionLine(c: Connection): string {
  let address = c.address;
  if (c.ttl !== undefined) address += `/${c.ttl}`;
  if (c.count !== undefined) address += `/${c.count}`;
  return `c=${c.netType} ${c.addrType} ${address}`;
}

function pushBandwidths(out: string[], list: Bandwidth[]): void {
  for (const b of list) out.push(`b=${b.type}:${b.value}`);
}

function pushAttributes(out: string[], list: Attribute[]): void {
  for (const a of list) out.push(a.value === undefined ? `a=${a.name}` : `a=${a.name}:${a.value}`);
}

function pushMedia(out: string[], m: MediaDescription): void {
  const port = m.portCount === undefined ? `${m.port}` : `${m.port}/${m.portCount}`;
  const formats = m.formats.length > 0 ? m.formats.join(" ") : "0";
  out.push(`m=${m.type} ${port} ${m.proto} ${formats}`);
  if (m.information !== undefined) out.push(`i=${m.information}`);
  for (const c of m.connections) out.push(connectionLine(c));
  pushBandwidths(out, m.bandwidths);
  if (m.key !== undefined) out.push(`k=${m.key}`);
  const written = new Set<string>();
  for (const format of m.formats) pushFormat(out, m, format, written);
  // rtpmap/fmtp for formats not on the m= line are kept too (they are harmless and a relay
  // should not drop what it does not understand).
  for (const r of m.rtpmaps) pushFormat(out, m, `${r.payloadType}`, written);
  for (const f of m.fmtps) pushFormat(out, m, f.format, written);
  if (m.ptimeMs !== undefined) out.push(`a=ptime:${m.ptimeMs}`);
  if (m.maxptimeMs !== undefined) out.push(`a=maxptime:${m.maxptimeMs}`);
  if (m.rtcp !== undefined) {
    const r = m.rtcp;
    out.push(
      r.address === undefined
        ? `a=rtcp:${r.port}`
        : `a=rtcp:${r.port} ${r.netType ?? "IN"} ${r.addrType ?? "IP4"} ${r.address}`,
    );
  }
  pushAttributes(out, m.attributes);
  if (m.direction !== undefined) out.push(`a=${m.direction}`);
}

function pushFormat(out: string[], m: MediaDescription, format: string, written: Set<string>) {
  if (written.has(format)) return;
  written.add(format);
  for (const r of m.rtpmaps) {
    if (`${r.payloadType}` !== format) continue;
    const channels = r.channels === undefined ? "" : `/${r.channels}`;
    out.push(`a=rtpmap:${r.payloadType} ${r.encodingName}/${r.clockRateHz}${channels}`);
  }
  for (const f of m.fmtps) {
    if (f.format !== format) continue;
    out.push(f.parameters.length > 0 ? `a=fmtp:${f.format} ${f.parameters}` : `a=fmtp:${f.format}`);
  }
}
