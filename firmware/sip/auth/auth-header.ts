// RFC 3261 §25.1 (challenge, credentials, auth-param, quoted-string with quoted-pair),
// §20.7 / §20.27 / §20.28 / §20.44 (Authorization, Proxy-Authenticate, Proxy-Authorization,
// WWW-Authenticate), RFC 7235 §2.1 (token68 form, empty list elements). One pass over the
// characters, no regular expressions: input is attacker controlled.

/** A parsed challenge or credentials value: scheme plus lower-cased parameter names. */
export interface AuthHeader {
  scheme: string;
  params: Map<string, string>;
  /** RFC 7235 token68 form (e.g. Basic credentials) instead of parameters. */
  token68?: string;
}

/** Header values longer than this are refused: no real challenge comes near it. */
export const MAX_AUTH_HEADER_LENGTH = 8192;

enum Ch {
  Tab = 9,
  Lf = 10,
  Cr = 13,
  Space = 32,
  Quote = 34,
  Comma = 44,
  Equals = 61,
  Backslash = 92,
}

/** RFC 3261 §25.1 token characters: alphanum and -.!%*_+`'~ */
function isTokenChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 45 ||
    c === 46 ||
    c === 33 ||
    c === 37 ||
    c === 42 ||
    c === 95 ||
    c === 43 ||
    c === 96 ||
    c === 39 ||
    c === 126
  );
}

/** RFC 7235 §2.1 token68 characters (before the trailing '=' padding). */
function isToken68Char(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 45 ||
    c === 46 ||
    c === 95 ||
    c === 126 ||
    c === 43 ||
    c === 47
  );
}

function isSpace(c: number): boolean {
  return c === Ch.Space || c === Ch.Tab || c === Ch.Cr || c === Ch.Lf;
}

/**
 * Parses a WWW-Authenticate, Authorization, Proxy-Authenticate or Proxy-Authorization value.
 * Returns undefined on garbage; an unknown scheme with well-formed parameters parses fine.
 */
export function parseAuthHeader(value: string): AuthHeader | undefined {
  if (typeof value !== "string" || value.length > MAX_AUTH_HEADER_LENGTH) return undefined;
  const n = value.length;
  let i = 0;
  while (i < n && isSpace(value.charCodeAt(i))) i++;
  const schemeStart = i;
  while (i < n && isTokenChar(value.charCodeAt(i))) i++;
  if (i === schemeStart) return undefined;
  const scheme = value.slice(schemeStart, i);
  const header: AuthHeader = { scheme, params: new Map() };
  if (i < n && !isSpace(value.charCodeAt(i))) return undefined;
  while (i < n && isSpace(value.charCodeAt(i))) i++;
  if (i === n) return header;

  const token68 = readToken68(value, i);
  if (token68 !== undefined) {
    header.token68 = token68;
    return header;
  }

  for (;;) {
    // Empty list elements (",,") are allowed by RFC 7230 §7's #rule.
    while (i < n && (isSpace(value.charCodeAt(i)) || value.charCodeAt(i) === Ch.Comma)) i++;
    if (i === n) return header;
    const nameStart = i;
    while (i < n && isTokenChar(value.charCodeAt(i))) i++;
    if (i === nameStart) return undefined;
    const name = value.slice(nameStart, i).toLowerCase();
    while (i < n && isSpace(value.charCodeAt(i))) i++;
    if (value.charCodeAt(i) !== Ch.Equals) return undefined;
    i++;
    while (i < n && isSpace(value.charCodeAt(i))) i++;
    let paramValue: string;
    if (value.charCodeAt(i) === Ch.Quote) {
      const quoted = readQuoted(value, i);
      if (quoted === undefined) return undefined;
      paramValue = quoted.text;
      i = quoted.end;
    } else {
      // Tokens by the grammar, but phones send unquoted nonces with '/', '=' or ':' in them:
      // take everything up to the next comma or blank.
      const start = i;
      while (i < n) {
        const c = value.charCodeAt(i);
        if (c === Ch.Comma || isSpace(c) || c === Ch.Quote) break;
        i++;
      }
      paramValue = value.slice(start, i);
    }
    // RFC 7616 §3.4: each parameter appears at most once; a repeat is ambiguous, so refuse it.
    if (header.params.has(name)) return undefined;
    header.params.set(name, paramValue);
    while (i < n && isSpace(value.charCodeAt(i))) i++;
    if (i === n) return header;
    if (value.charCodeAt(i) !== Ch.Comma) return undefined;
  }
}

/** token68 only when it runs to the end of the value (else it is the first auth-param). */
function readToken68(value: string, start: number): string | undefined {
  let i = start;
  while (i < value.length && isToken68Char(value.charCodeAt(i))) i++;
  if (i === start) return undefined;
  while (i < value.length && value.charCodeAt(i) === Ch.Equals) i++;
  const end = i;
  while (i < value.length && isSpace(value.charCodeAt(i))) i++;
  return i === value.length ? value.slice(start, end) : undefined;
}

function readQuoted(value: string, start: number): { text: string; end: number } | undefined {
  let out = "";
  let runStart = start + 1;
  for (let i = start + 1; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === Ch.Quote) return { text: out + value.slice(runStart, i), end: i + 1 };
    if (c === Ch.Backslash) {
      if (i + 1 >= value.length) return undefined;
      out += value.slice(runStart, i);
      runStart = i + 1;
      i++;
    }
  }
  return undefined;
}

/** Quotes a value as an RFC 3261 quoted-string, escaping '"' and '\'. */
export function quote(text: string): string {
  let out = '"';
  for (const ch of text) out += ch === '"' || ch === "\\" ? `\\${ch}` : ch;
  return `${out}"`;
}

/** Writes `scheme name=value, ...`; names in `bare` are written unquoted (tokens). */
export function formatAuthHeader(
  scheme: string,
  params: Iterable<readonly [string, string]>,
  bare: ReadonlySet<string>,
): string {
  const parts: string[] = [];
  for (const [name, value] of params)
    parts.push(`${name}=${bare.has(name) ? value : quote(value)}`);
  return `${scheme} ${parts.join(", ")}`;
}
