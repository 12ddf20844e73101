// RFC 3261 §7.3.3 compact forms and §20 header names. Headers are stored under their long
// name in lower case; this table restores the conventional capitalisation on the wire.

const COMPACT: Record<string, string> = {
  a: "accept-contact",
  b: "referred-by",
  c: "content-type",
  d: "request-disposition",
  e: "content-encoding",
  f: "from",
  i: "call-id",
  j: "reject-contact",
  k: "supported",
  l: "content-length",
  m: "contact",
  n: "identity-info",
  o: "event",
  r: "refer-to",
  s: "subject",
  t: "to",
  u: "allow-events",
  v: "via",
  x: "session-expires",
  y: "identity",
};

const WIRE_NAMES: Record<string, string> = {
  "call-id": "Call-ID",
  cseq: "CSeq",
  "www-authenticate": "WWW-Authenticate",
  "mime-version": "MIME-Version",
  rack: "RAck",
  rseq: "RSeq",
  "sip-etag": "SIP-ETag",
  "sip-if-match": "SIP-If-Match",
};

/** Spellings seen on almost every message, resolved without lower-casing. */
const COMMON: ReadonlyMap<string, string> = new Map(
  [
    "Via",
    "From",
    "To",
    "Call-ID",
    "CSeq",
    "Contact",
    "Max-Forwards",
    "Content-Length",
    "Content-Type",
    "Expires",
    "User-Agent",
    "Allow",
    "Supported",
    "Authorization",
    "WWW-Authenticate",
    "Route",
    "Record-Route",
    "Accept",
    "Event",
    "Require",
  ].map((name) => [name, name.toLowerCase()]),
);

/** The stored (long, lower-case) name of a header as written on the wire. */
export function canonicalHeaderName(name: string): string {
  const common = COMMON.get(name);
  if (common !== undefined) return common;
  const lower = name.toLowerCase();
  return lower.length === 1 ? (COMPACT[lower] ?? lower) : lower;
}

/** Wire spellings already worked out (bounded: peers may send any names). */
const spelled = new Map<string, string>();
const SPELLED_MAX = 1024;

/** The conventional wire spelling of a stored header name. */
export function wireHeaderName(name: string): string {
  const cached = spelled.get(name);
  if (cached !== undefined) return cached;
  const wire =
    WIRE_NAMES[name] ??
    name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
  if (spelled.size < SPELLED_MAX) spelled.set(name, wire);
  return wire;
}

/**
 * Headers whose values are comma-separated lists (RFC 3261 §7.3.1), which may be split into
 * several values. Others (e.g. WWW-Authenticate, Date) contain commas that are not separators.
 */
export const LIST_HEADERS: ReadonlySet<string> = new Set([
  "via",
  "contact",
  "route",
  "record-route",
  "allow",
  "supported",
  "require",
  "proxy-require",
  "unsupported",
  "accept",
  "accept-encoding",
  "accept-language",
  "allow-events",
  "content-encoding",
  "in-reply-to",
  "path",
  "service-route",
]);

/** Headers that must appear at most once with one value (RFC 4475 §3.3.8). */
export const SINGLE_HEADERS: ReadonlySet<string> = new Set([
  "call-id",
  "to",
  "from",
  "cseq",
  "max-forwards",
  "content-length",
  "content-type",
]);
