// RFC 3261 §19.1 SIP and SIPS URIs, with RFC 5118 IPv6 references. Other schemes are kept
// opaque so the UA core can answer 416 (RFC 3261 §8.2.2.1) instead of failing to parse.

import { formatParams, type Params, parseParams } from "./params.ts";

export interface SipUri {
  scheme: "sip" | "sips";
  /** User part with %-escapes decoded (RFC 3261 §19.1.4 compares unescaped). */
  user?: string;
  password?: string;
  /** Host as written; IPv6 references keep their brackets. */
  host: string;
  port?: number;
  params: Params;
  /** Raw `?headers` part, kept so a stored Contact round-trips (RFC 4475 §3.3.14). */
  headers?: string;
}

export type UriResult = { ok: true; uri: SipUri } | { ok: false; scheme: string };

const HOSTNAME =
  /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;
const IPV6_REFERENCE = /^\[[0-9A-Fa-f:.]+\]$/;
const USER_CHARS = /^[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+$/;
const PASSWORD_CHARS = /^[A-Za-z0-9\-_.!~*'()&=+$,%]*$/;

/** The scheme of any absolute URI, lower-cased, or "" when there is none. */
export function uriScheme(text: string): string {
  // Nearly every URI the box reads is written so.
  if (text.startsWith("sip:")) return "sip";
  if (text.startsWith("sips:")) return "sips";
  const colon = text.indexOf(":");
  if (colon <= 0) return "";
  const scheme = text.slice(0, colon);
  return /^[A-Za-z][A-Za-z0-9+\-.]*$/.test(scheme) ? scheme.toLowerCase() : "";
}

/** Parses a sip: or sips: URI; anything else (or a malformed one) gives ok: false. */
export function parseSipUri(text: string): UriResult {
  const scheme = uriScheme(text);
  if (scheme !== "sip" && scheme !== "sips") return { ok: false, scheme };
  let rest = text.slice(scheme.length + 1);
  // '@' is legal only as the userinfo separator, while the user part may hold ';' and '?'
  // (RFC 4475 §3.1.1.2, §3.1.1.9): so split userinfo first, then look for ?headers.
  const at = rest.lastIndexOf("@");
  let user: string | undefined;
  let password: string | undefined;
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    rest = rest.slice(at + 1);
    const colon = userinfo.indexOf(":");
    const rawUser = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
    if (rawUser === "" || !USER_CHARS.test(rawUser)) return { ok: false, scheme };
    user = unescapePercent(rawUser);
    if (user === undefined) return { ok: false, scheme };
    if (colon >= 0) {
      password = userinfo.slice(colon + 1);
      if (!PASSWORD_CHARS.test(password)) return { ok: false, scheme };
    }
  }
  let headers: string | undefined;
  const q = rest.indexOf("?");
  if (q >= 0) {
    headers = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  const pieces = rest.split(";");
  const hostport = pieces.shift() ?? "";
  const params = parseParams(pieces);
  if (!params) return { ok: false, scheme };
  const hp = parseHostPort(hostport);
  if (!hp) return { ok: false, scheme };
  return {
    ok: true,
    uri: { scheme, user, password, host: hp.host, port: hp.port, params, headers },
  };
}

/** Splits `host[:port]`, validating both; IPv6 needs brackets (RFC 5118 §4.2). */
export function parseHostPort(text: string): { host: string; port?: number } | undefined {
  let host: string;
  let portText: string | undefined;
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close < 0) return undefined;
    host = text.slice(0, close + 1);
    const after = text.slice(close + 1);
    if (after !== "") {
      if (!after.startsWith(":")) return undefined;
      portText = after.slice(1);
    }
    if (!IPV6_REFERENCE.test(host) || !isIpv6(host.slice(1, -1))) return undefined;
  } else {
    const colon = text.indexOf(":");
    host = colon >= 0 ? text.slice(0, colon) : text;
    if (colon >= 0) portText = text.slice(colon + 1);
    if (!HOSTNAME.test(host)) return undefined;
  }
  if (portText === undefined) return { host };
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  if (port > 65535) return undefined;
  return { host, port };
}

/** A permissive IPv6 text check: at most one '::', 8 groups, optional dotted quad tail. */
export function isIpv6(text: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || text.includes(":::")) return false;
  const doubles = text.split("::").length - 1;
  if (doubles > 1) return false;
  const groups = text.split(":").filter((g) => g !== "");
  const last = groups[groups.length - 1] ?? "";
  const quad = last.includes(".");
  if (quad && !/^\d{1,3}(\.\d{1,3}){3}$/.test(last)) return false;
  const count = groups.length + (quad ? 1 : 0);
  if (groups.some((g, i) => !(quad && i === groups.length - 1) && !/^[0-9A-Fa-f]{1,4}$/.test(g))) {
    return false;
  }
  return doubles === 1 ? count < 8 : count === 8;
}

/** Decodes %HH escapes; undefined when an escape is broken. */
export function unescapePercent(text: string): string | undefined {
  if (!text.includes("%")) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== "%") {
      out += c;
      continue;
    }
    const hex = text.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
    out += String.fromCharCode(Number.parseInt(hex, 16));
    i += 2;
  }
  return out;
}

const USER_UNRESERVED = /[A-Za-z0-9\-_.!~*'()&=+$,;?/]/;

/** Escapes a user part for the wire (RFC 3261 §25.1 user-unreserved stays as is). */
export function escapeUser(user: string): string {
  let out = "";
  for (const c of user) {
    out += USER_UNRESERVED.test(c)
      ? c
      : `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Serializes a SIP URI. */
export function formatSipUri(uri: SipUri): string {
  let out = `${uri.scheme}:`;
  if (uri.user !== undefined) {
    out += escapeUser(uri.user);
    if (uri.password !== undefined) out += `:${uri.password}`;
    out += "@";
  }
  out += uri.host;
  if (uri.port !== undefined) out += `:${uri.port}`;
  out += formatParams(uri.params);
  if (uri.headers !== undefined) out += `?${uri.headers}`;
  return out;
}
