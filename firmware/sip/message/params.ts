// RFC 3261 §25.1 helpers shared by the header parsers: splitting on separators that sit outside
// quoted strings and angle brackets, and reading `;name=value` parameter lists.

/** Generic parameters in order, names lower-cased; a flag parameter has the value "". */
export type Params = Map<string, string>;

/** RFC 3261 §25.1 token characters, as a lookup table (this runs for every header). */
const TOKEN_CHARS = (() => {
  const table = new Uint8Array(128);
  for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~") {
    table[c.charCodeAt(0)] = 1;
  }
  return table;
})();

/** True when `text` is an RFC 3261 token. */
export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 127 || TOKEN_CHARS[code] === 0) return false;
  }
  return true;
}

/**
 * Splits `text` at each `separator` that is outside a quoted string and outside `<...>`.
 * Returns undefined when a quote or bracket is left open, so callers answer 400.
 */
export function splitOutside(text: string, separator: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  let inQuotes = false;
  let inAngle = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === "\\") i++;
      else if (c === '"') inQuotes = false;
    } else if (c === '"') inQuotes = true;
    else if (c === "<") inAngle = true;
    else if (c === ">") inAngle = false;
    else if (c === separator && !inAngle) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (inQuotes || inAngle) return undefined;
  parts.push(text.slice(start));
  return parts;
}

/**
 * Parses `;a=b;c` (the text after the first `;`, split already) into Params. Names and values
 * must be tokens or quoted strings (values may also be IPv6 references); otherwise undefined.
 */
export function parseParams(pieces: readonly string[]): Params | undefined {
  const params: Params = new Map();
  for (const piece of pieces) {
    const eq = piece.indexOf("=");
    const name = (eq < 0 ? piece : piece.slice(0, eq)).trim();
    if (!isToken(name)) return undefined;
    const value = eq < 0 ? "" : piece.slice(eq + 1).trim();
    if (eq >= 0) {
      if (value.startsWith('"')) {
        if (value.length < 2 || !value.endsWith('"')) return undefined;
      } else if (
        !isToken(value) &&
        !/^\[[0-9A-Fa-f:.]+\]$/.test(value) &&
        !/^[0-9A-Fa-f:.]+$/.test(value)
      ) {
        return undefined;
      }
    }
    params.set(name.toLowerCase(), value);
  }
  return params;
}

/** Serializes Params back to `;a=b;c`. */
export function formatParams(params: Params): string {
  let out = "";
  for (const [name, value] of params) out += value === "" ? `;${name}` : `;${name}=${value}`;
  return out;
}

/** Collapses linear white space (RFC 3261 §7.3.1: LWS is equivalent to one SP). */
export function collapseLws(text: string): string {
  return text.replace(/[ \t]+/g, " ").trim();
}
