// RFC 8866 §5 (SDP syntax) and §6 (attributes), RFC 3605 §2.1 (a=rtcp), RFC 5118 §4.6-4.9
// (IPv6 and IPv4-mapped addresses in c=/o=). Strict where a wrong guess would misroute media
// (v=, o=, m=, c=), lenient elsewhere: LF line ends, trailing blanks, unknown lines ignored.

import {
  type Attribute,
  type Bandwidth,
  type Connection,
  DIRECTIONS,
  type Direction,
  emptyMedia,
  type MediaDescription,
  type Origin,
  type RtcpAttribute,
  type Rtpmap,
  type SessionDescription,
} from "./session-description.ts";

export type SdpErrorCode =
  | "empty"
  | "missing-version"
  | "bad-version"
  | "bad-line"
  | "missing-origin"
  | "bad-origin"
  | "bad-connection"
  | "missing-connection"
  | "bad-media"
  | "too-large";

export type ParseSdpResult =
  | { ok: true; sdp: SessionDescription }
  | { ok: false; error: SdpErrorCode; line?: number };

/** Bodies larger than this are refused before any work: no real offer comes near it. */
export const MAX_SDP_BYTES = 65536;

/** Parses an SDP body; never throws, returns an error value on malformed input. */
export function parseSdp(text: string): ParseSdpResult {
  if (typeof text !== "string" || text.length === 0) return { ok: false, error: "empty" };
  if (text.length > MAX_SDP_BYTES) return { ok: false, error: "too-large" };
  const lines = splitLines(text);
  if (lines.length === 0) return { ok: false, error: "empty" };
  const first = lines[0]!;
  if (!first.text.startsWith("v=")) return { ok: false, error: "missing-version", line: 1 };
  if (first.text !== "v=0") return { ok: false, error: "bad-version", line: 1 };

  let origin: Origin | undefined;
  const sdp: SessionDescription = {
    origin: {
      username: "-",
      sessionId: "0",
      sessionVersion: "0",
      netType: "IN",
      addrType: "IP4",
      address: "0.0.0.0",
    },
    sessionName: "-",
    emails: [],
    phones: [],
    bandwidths: [],
    timings: [],
    attributes: [],
    media: [],
  };
  let media: MediaDescription | undefined;

  for (let i = 1; i < lines.length; i++) {
    const { text: line, number } = lines[i]!;
    if (line.length < 2 || line[1] !== "=" || line[0]! < "a" || line[0]! > "z") {
      return { ok: false, error: "bad-line", line: number };
    }
    const type = line[0]!;
    const value = line.slice(2);
    if (type === "m") {
      const parsed = parseMediaLine(value);
      if (parsed === undefined) return { ok: false, error: "bad-media", line: number };
      media = parsed;
      sdp.media.push(media);
      continue;
    }
    if (media !== undefined && "icbka".includes(type)) {
      if (type === "c") {
        const c = parseConnection(value);
        if (c === undefined) return { ok: false, error: "bad-connection", line: number };
        media.connections.push(c);
      } else if (type === "a") applyMediaAttribute(media, value);
      else if (type === "b") pushBandwidth(media.bandwidths, value);
      else if (type === "i") media.information = value;
      else media.key = value;
      continue;
    }
    switch (type) {
      case "o":
        origin = parseOrigin(value);
        if (origin === undefined) return { ok: false, error: "bad-origin", line: number };
        sdp.origin = origin;
        break;
      case "s":
        // An empty s= is invalid but common (RFC 5118 §4.8 has one); "-" means "no name".
        sdp.sessionName = value.length > 0 ? value : "-";
        break;
      case "i":
        sdp.information = value;
        break;
      case "u":
        sdp.uri = value;
        break;
      case "e":
        sdp.emails.push(value);
        break;
      case "p":
        sdp.phones.push(value);
        break;
      case "c": {
        const c = parseConnection(value);
        if (c === undefined) return { ok: false, error: "bad-connection", line: number };
        sdp.connection = c;
        break;
      }
      case "b":
        pushBandwidth(sdp.bandwidths, value);
        break;
      case "t": {
        const [start, stop] = fields(value);
        sdp.timings.push({ start: start ?? "0", stop: stop ?? "0", repeats: [] });
        break;
      }
      case "r":
        sdp.timings.at(-1)?.repeats.push(value);
        break;
      case "z":
        sdp.timeZones = value;
        break;
      case "k":
        sdp.key = value;
        break;
      case "a":
        applySessionAttribute(sdp, value);
        break;
      // RFC 8866 §5: a parser ignores type letters it does not understand.
    }
  }
  if (origin === undefined) return { ok: false, error: "missing-origin" };
  if (sdp.timings.length === 0) sdp.timings.push({ start: "0", stop: "0", repeats: [] });
  // RFC 8866 §5.7: c= at session level or in every m= section; a stream at port 0 is rejected
  // and needs no address.
  if (sdp.connection === undefined) {
    const index = sdp.media.findIndex((m) => m.port !== 0 && m.connections.length === 0);
    if (index >= 0) return { ok: false, error: "missing-connection" };
  }
  return { ok: true, sdp };
}

interface Line {
  text: string;
  number: number;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  const raw = text.split("\n");
  for (let i = 0; i < raw.length; i++) {
    // Trailing CR and blanks are tolerated: several phones pad lines with a space.
    const trimmed = trimEnd(raw[i]!);
    if (trimmed.length > 0) out.push({ text: trimmed, number: i + 1 });
  }
  return out;
}

/** Strips trailing CR, space and tab without a regex (a `[ ]+$` regex is quadratic on long runs). */
function trimEnd(text: string): string {
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== 13 && c !== 32 && c !== 9) break;
    end--;
  }
  return end === text.length ? text : text.slice(0, end);
}

function fields(value: string): string[] {
  return value.split(/[ \t]+/).filter((f) => f.length > 0);
}

/** Decimal integer in [0, max], digits only (no sign, no exponent, no blanks). */
export function parseUint(text: string | undefined, max: number): number | undefined {
  if (text === undefined || text.length === 0 || text.length > 10) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const n = Number(text);
  return n <= max ? n : undefined;
}

function parseOrigin(value: string): Origin | undefined {
  const f = fields(value);
  if (f.length !== 6) return undefined;
  const [username, sessionId, sessionVersion, netType, addrType, address] = f as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { username, sessionId, sessionVersion, netType, addrType, address };
}

/** c=<nettype> <addrtype> <address>[/<ttl>][/<count>], RFC 8866 §5.7. */
export function parseConnection(value: string): Connection | undefined {
  const f = fields(value);
  if (f.length !== 3) return undefined;
  const [netType, addrType, spec] = f as [string, string, string];
  const parts = spec.split("/");
  const address = parts[0]!;
  if (address.length === 0 || parts.length > 3) return undefined;
  if (addrType === "IP4" && address.includes(":")) return undefined;
  const c: Connection = { netType, addrType, address };
  // IPv4 multicast carries a TTL before the count; IPv6 has only the count (RFC 8866 §5.7).
  const numbers = parts.slice(1).map((p) => parseUint(p, 65535));
  if (numbers.some((n) => n === undefined)) return undefined;
  if (addrType === "IP6") {
    if (numbers.length > 1) return undefined;
    if (numbers.length === 1) c.count = numbers[0];
  } else {
    if (numbers.length >= 1) c.ttl = numbers[0];
    if (numbers.length === 2) c.count = numbers[1];
  }
  return c;
}

/** m=<media> <port>[/<count>] <proto> <fmt> ..., RFC 8866 §5.14. */
function parseMediaLine(value: string): MediaDescription | undefined {
  const f = fields(value);
  if (f.length < 3) return undefined;
  const [type, portSpec, proto] = f as [string, string, string];
  const slash = portSpec.indexOf("/");
  const port = parseUint(slash < 0 ? portSpec : portSpec.slice(0, slash), 65535);
  if (port === undefined) return undefined;
  const media = emptyMedia(type, port, proto);
  if (slash >= 0) {
    const count = parseUint(portSpec.slice(slash + 1), 65535);
    if (count === undefined || count === 0) return undefined;
    media.portCount = count;
  }
  media.formats = f.slice(3);
  if (media.formats.length === 0 && port !== 0) return undefined;
  // RTP profiles carry payload type numbers (RFC 3551 §3); anything else is a bad m= line.
  if (proto.startsWith("RTP/") || proto.includes("/RTP/")) {
    if (media.formats.some((fmt) => parseUint(fmt, 127) === undefined)) return undefined;
  }
  return media;
}

function pushBandwidth(list: Bandwidth[], value: string): void {
  const colon = value.indexOf(":");
  const bw = parseUint(value.slice(colon + 1), 0xffffffff);
  if (colon > 0 && bw !== undefined) list.push({ type: value.slice(0, colon), value: bw });
}

function splitAttribute(value: string): Attribute {
  const colon = value.indexOf(":");
  return colon < 0
    ? { name: value }
    : { name: value.slice(0, colon), value: value.slice(colon + 1) };
}

function asDirection(name: string): Direction | undefined {
  return (DIRECTIONS as readonly string[]).includes(name) ? (name as Direction) : undefined;
}

function applySessionAttribute(sdp: SessionDescription, value: string): void {
  const attr = splitAttribute(value);
  const direction = attr.value === undefined ? asDirection(attr.name) : undefined;
  if (direction !== undefined) sdp.direction = direction;
  else sdp.attributes.push(attr);
}

function applyMediaAttribute(media: MediaDescription, value: string): void {
  const attr = splitAttribute(value);
  const known = attr.value === undefined ? applyFlag(media, attr.name) : applyValue(media, attr);
  if (!known) media.attributes.push(attr);
}

function applyFlag(media: MediaDescription, name: string): boolean {
  const direction = asDirection(name);
  if (direction === undefined) return false;
  media.direction = direction;
  return true;
}

function applyValue(media: MediaDescription, attr: Attribute): boolean {
  const value = attr.value ?? "";
  switch (attr.name) {
    case "rtpmap": {
      const rtpmap = parseRtpmap(value);
      if (rtpmap !== undefined) media.rtpmaps.push(rtpmap);
      return rtpmap !== undefined;
    }
    case "fmtp": {
      const space = value.indexOf(" ");
      const format = space < 0 ? value : value.slice(0, space);
      if (format.length === 0) return false;
      media.fmtps.push({ format, parameters: space < 0 ? "" : value.slice(space + 1).trim() });
      return true;
    }
    case "ptime":
    case "maxptime": {
      const ms = Number(value);
      if (value.length === 0 || !Number.isFinite(ms) || ms <= 0) return false;
      if (attr.name === "ptime") media.ptimeMs = ms;
      else media.maxptimeMs = ms;
      return true;
    }
    case "rtcp": {
      const rtcp = parseRtcp(value);
      if (rtcp !== undefined) media.rtcp = rtcp;
      return rtcp !== undefined;
    }
  }
  return false;
}

/** a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>], RFC 8866 §6.6. */
export function parseRtpmap(value: string): Rtpmap | undefined {
  const f = fields(value);
  if (f.length !== 2) return undefined;
  const payloadType = parseUint(f[0], 127);
  const parts = f[1]!.split("/");
  const encodingName = parts[0]!;
  const clockRateHz = parseUint(parts[1], 10_000_000);
  if (payloadType === undefined || encodingName.length === 0 || clockRateHz === undefined) {
    return undefined;
  }
  if (parts.length > 3) return undefined;
  const rtpmap: Rtpmap = { payloadType, encodingName, clockRateHz };
  if (parts.length === 3) {
    const channels = parseUint(parts[2], 255);
    if (channels === undefined || channels === 0) return undefined;
    rtpmap.channels = channels;
  }
  return rtpmap;
}

/** a=rtcp:<port> [<nettype> <addrtype> <address>], RFC 3605 §2.1. */
function parseRtcp(value: string): RtcpAttribute | undefined {
  const f = fields(value);
  const port = parseUint(f[0], 65535);
  if (port === undefined) return undefined;
  if (f.length === 1) return { port };
  if (f.length !== 4) return undefined;
  return { port, netType: f[1], addrType: f[2], address: f[3] };
}
