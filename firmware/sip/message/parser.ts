// RFC 3261 §7 and §18.3 message parsing. Parsing never throws on input: the result says
// whether the message is usable, and for a broken request which status to answer (400, 505)
// together with whatever headers were read, so the UA core can still route that answer.
// Input is bounded and held to the grammar where a break could mislead a later layer: header
// lines, header count and Via count have limits; control characters outside a quoted-pair,
// invalid UTF-8 (§25.1 UTF8-NONASCII) and quotes left open in structured headers are 400s.

import { isUtf8 } from "node:buffer";
import { canonicalHeaderName, SINGLE_HEADERS } from "./header-names.ts";
import { SipHeaders } from "./headers.ts";
import { EMPTY_BODY, type SipMessage, SipRequest, SipResponse } from "./message.ts";
import { isToken } from "./params.ts";
import { parseSipUri, uriScheme } from "./uri.ts";

export type ParseResult =
  | { ok: true; message: SipMessage }
  | {
      ok: false;
      reason: string;
      /** The status to answer with, when the input was a request worth answering. */
      status?: 400 | 505;
      /** The request as far as it could be read, for building that answer. */
      request?: SipRequest;
    };

/** Bounds on one message's header block (no real phone comes near them). */
export const HEADER_LIMITS = {
  /** Bytes in one header line, after unfolding. */
  maxLineLength: 8192,
  /** Header lines in one message. */
  maxHeaders: 256,
  /** Via values (RFC 3261 §16.3 proxies stop at Max-Forwards 70). */
  maxVias: 70,
} as const;

/**
 * Headers whose values follow a grammar with quoted-strings (name-addr, Via, credentials...):
 * an unbalanced quote there makes every later parameter ambiguous. Free-text headers
 * (Subject, User-Agent, unknown ones) and Call-ID may carry a lone '"' legitimately.
 */
const QUOTED_GRAMMAR = new Set([
  "via",
  "from",
  "to",
  "contact",
  "route",
  "record-route",
  "reply-to",
  "refer-to",
  "referred-by",
  "p-asserted-identity",
  "p-preferred-identity",
  "authorization",
  "proxy-authorization",
  "www-authenticate",
  "proxy-authenticate",
  "call-info",
  "alert-info",
  "error-info",
]);

const CRLFCRLF = Buffer.from("\r\n\r\n");
const LFLF = Buffer.from("\n\n");

/** Where the header block ends and the body starts, or undefined when no blank line yet. */
export function findHeaderEnd(
  data: Buffer,
  from = 0,
): { headEnd: number; bodyStart: number } | undefined {
  const crlf = data.indexOf(CRLFCRLF, from);
  const lf = data.indexOf(LFLF, from);
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { headEnd: crlf, bodyStart: crlf + 4 };
  if (lf >= 0) return { headEnd: lf, bodyStart: lf + 2 };
  return undefined;
}

/** Number of CR/LF bytes before the start line (RFC 3261 §7.5: they are ignored). */
export function leadingNewlines(data: Uint8Array, from = 0): number {
  let i = from;
  while (i < data.length && (data[i] === 13 || data[i] === 10)) i++;
  return i - from;
}

/**
 * Parses one UDP datagram (RFC 3261 §18.3: octets past Content-Length are discarded; a
 * Content-Length larger than the datagram is an error; without one the body runs to the end).
 */
export function parseDatagram(input: Uint8Array): ParseResult {
  const data = Buffer.isBuffer(input)
    ? input
    : Buffer.from(input.buffer, input.byteOffset, input.length);
  const start = leadingNewlines(data);
  if (start === data.length) return { ok: false, reason: "empty" };
  const end = findHeaderEnd(data, start);
  const headEnd = end?.headEnd ?? data.length;
  const bodyStart = end?.bodyStart ?? data.length;
  const head = parseHead(data.toString("utf8", start, headEnd));
  if (!head.ok) return head;
  const { message } = head;
  if (!isUtf8(data.subarray(start, headEnd))) return reject(message, "invalid UTF-8");
  const length = contentLength(message.headers);
  if (length === "invalid") return reject(message, "bad Content-Length");
  const available = data.length - bodyStart;
  if (length !== undefined && length > available) {
    return reject(message, "Content-Length larger than the datagram");
  }
  const size = length ?? available;
  message.body =
    size === 0 ? EMPTY_BODY : new Uint8Array(data.subarray(bodyStart, bodyStart + size));
  return validate(message);
}

/** Parses a message whose header block and exact body were framed by a stream transport. */
export function parseFramed(head: Uint8Array, body: Uint8Array): ParseResult {
  const bytes = Buffer.isBuffer(head)
    ? head
    : Buffer.from(head.buffer, head.byteOffset, head.length);
  const parsed = parseHead(bytes.toString("utf8"));
  if (!parsed.ok) return parsed;
  if (!isUtf8(bytes)) return reject(parsed.message, "invalid UTF-8");
  parsed.message.body = body;
  return validate(parsed.message);
}

/**
 * Reads Content-Length: undefined when absent, "invalid" when repeated, negative or not a
 * number (RFC 4475 §3.1.2.3, §3.3.9).
 */
export function contentLength(headers: SipHeaders): number | undefined | "invalid" {
  if (headers.lines("content-length") > 1) return "invalid";
  const value = headers.get("content-length");
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) return "invalid";
  return Number(value);
}

type HeadResult = { ok: true; message: SipMessage } | Extract<ParseResult, { ok: false }>;

function parseHead(text: string): HeadResult {
  // Scanned with indexOf rather than split/trim: this runs for every message the box gets.
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  let pos = text.indexOf(newline);
  if (pos < 0) pos = text.length;
  const startLine = text.slice(0, pos);
  pos += newline.length;
  const headers = new SipHeaders();
  let headerError: string | undefined;
  if (hasBareControl(startLine)) headerError = "control character in the start line";
  let lines = 0;
  while (pos < text.length) {
    let end = text.indexOf(newline, pos);
    if (end < 0) end = text.length;
    let line = text.slice(pos, end);
    pos = end + newline.length;
    // Header folding (RFC 3261 §7.3.1): continuation lines start with SP or HT.
    while (pos < text.length && isLinearWhiteSpace(text.charCodeAt(pos))) {
      end = text.indexOf(newline, pos);
      if (end < 0) end = text.length;
      line += ` ${text.slice(pos, end).trim()}`;
      pos = end + newline.length;
    }
    if (line === "") continue;
    if (++lines > HEADER_LIMITS.maxHeaders) headerError ??= "too many header lines";
    if (line.length > HEADER_LIMITS.maxLineLength) {
      // Not kept: the answer must not echo it.
      headerError ??= "header line too long";
      continue;
    }
    const colon = line.indexOf(":");
    const name = colon > 0 ? trimEnd(line.slice(0, colon)) : "";
    if (!isToken(name)) {
      headerError ??= "malformed header line";
      continue;
    }
    const canonical = canonicalHeaderName(name);
    const value = trimmedFrom(line, colon + 1);
    if (hasBareControl(value)) headerError ??= `control character in ${canonical}`;
    else if (QUOTED_GRAMMAR.has(canonical) && !quotesBalanced(value)) {
      headerError ??= `unterminated quoted string in ${canonical}`;
    }
    headers.add(canonical, value);
  }

  if (/^SIP\//i.test(startLine)) {
    const match = /^SIP\/2\.0 ([1-6]\d\d) (.*)$/i.exec(startLine);
    if (!match || headerError) return { ok: false, reason: "malformed response" };
    return { ok: true, message: new SipResponse(Number(match[1]), match[2]!, headers) };
  }

  // Request-Line = Method SP Request-URI SP SIP-Version, single spaces (RFC 4475 §3.1.2.8-10).
  const parts = startLine.split(" ");
  const method = parts[0] ?? "";
  const request = new SipRequest(method, parts[1] ?? "", headers);
  if (parts.length !== 3 || !isToken(method)) return reject(request, "malformed request line");
  if (!/^SIP\/\d+\.\d+$/i.test(parts[2]!)) return reject(request, "malformed SIP version");
  if (parts[2]!.toUpperCase() !== "SIP/2.0") {
    return { ok: false, reason: "unsupported SIP version", status: 505, request };
  }
  if (headerError) return reject(request, headerError);
  const scheme = uriScheme(request.uri);
  if (scheme === "") return reject(request, "malformed Request-URI");
  if ((scheme === "sip" || scheme === "sips") && !parseSipUri(request.uri).ok) {
    return reject(request, "malformed Request-URI");
  }
  return { ok: true, message: request };
}

/**
 * A control character (CTL but HT) not escaped as a quoted-pair: RFC 3261 §25.1 allows them
 * only as "\\" followed by the character, inside a quoted-string (RFC 4475 §3.1.1.2 has one).
 */
function hasBareControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127) {
      if (i === 0 || text.charCodeAt(i - 1) !== 92) return true;
    }
  }
  return false;
}

/** Every quoted-string is closed (a backslash escapes the next character inside one). */
function quotesBalanced(text: string): boolean {
  if (!text.includes('"')) return true;
  let inside = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inside && c === 92) i++;
    else if (c === 34) inside = !inside;
  }
  return !inside;
}

/** `text` without trailing SP/HT (names are rarely padded, so usually no copy is made). */
function trimEnd(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return isLinearWhiteSpace(last) ? text.trimEnd() : text;
}

/** `line` from `start` on, without leading and trailing SP/HT. */
function trimmedFrom(line: string, start: number): string {
  let from = start;
  while (from < line.length && isLinearWhiteSpace(line.charCodeAt(from))) from++;
  let to = line.length;
  while (to > from && isLinearWhiteSpace(line.charCodeAt(to - 1))) to--;
  return line.slice(from, to);
}

/** SP or HT: a line starting with one continues the previous header (RFC 3261 §7.3.1). */
function isLinearWhiteSpace(code: number): boolean {
  return code === 32 || code === 9;
}

function reject(message: SipMessage, reason: string): Extract<ParseResult, { ok: false }> {
  return message.kind === "request"
    ? { ok: false, reason, status: 400, request: message }
    : { ok: false, reason };
}

/** The header checks every message must pass before any layer may use it. */
function validate(message: SipMessage): ParseResult {
  const names = message.headers.names;
  for (const name of SINGLE_HEADERS) {
    if (names.indexOf(name) !== names.lastIndexOf(name))
      return reject(message, `more than one ${name}`);
  }
  if (!message.via) return reject(message, "missing or malformed Via");
  // Counting Via values means splitting them: only needed when there may be many.
  const viaLines = message.headers.lines("via");
  if (
    (viaLines > 1 || message.headers.get("via")!.includes(",")) &&
    message.headers.getAll("via").length > HEADER_LIMITS.maxVias
  ) {
    return reject(message, "too many Via headers");
  }
  if (!message.from) return reject(message, "missing or malformed From");
  if (!message.to) return reject(message, "missing or malformed To");
  if (!message.callId) return reject(message, "missing Call-ID");
  const cseq = message.cseq;
  if (!cseq) return reject(message, "missing or malformed CSeq");
  if (message.kind === "request") {
    if (cseq.method !== message.method)
      return reject(message, "CSeq method differs from the request's");
    const maxForwards = message.headers.get("max-forwards");
    if (maxForwards !== undefined && !/^\d{1,10}$/.test(maxForwards)) {
      return reject(message, "malformed Max-Forwards");
    }
  }
  return { ok: true, message };
}
