// RFC 3261 §20.10/§25.1 name-addr and addr-spec, as found in From, To, Contact, Route,
// Record-Route and Reply-To. Without angle brackets every ';' starts a header parameter,
// and the URI may hold neither ',', ';' nor '?' (§20).

import { formatParams, isToken, type Params, parseParams, splitOutside } from "./params.ts";

export interface NameAddr {
  displayName?: string;
  /** The URI as written (any scheme); parse it with parseSipUri when it must be sip:. */
  uri: string;
  params: Params;
}

/** Parses one name-addr / addr-spec followed by parameters; undefined when malformed. */
export function parseNameAddr(text: string): NameAddr | undefined {
  let rest = text.trim();
  let displayName: string | undefined;
  let uri: string;
  if (rest.startsWith('"')) {
    const end = closingQuote(rest);
    if (end < 0) return undefined;
    displayName = unquote(rest.slice(0, end + 1));
    rest = rest.slice(end + 1).trimStart();
    if (!rest.startsWith("<")) return undefined;
  }
  const open = rest.indexOf("<");
  if (open >= 0) {
    const name = rest.slice(0, open).trim();
    if (displayName === undefined && name !== "") {
      // An unquoted display name is a run of tokens separated by LWS (RFC 4475 §3.1.2.15).
      if (!name.split(/[ \t]+/).every(isToken)) return undefined;
      displayName = name;
    }
    const close = rest.indexOf(">", open);
    if (close < 0) return undefined;
    uri = rest.slice(open + 1, close);
    // No LWS inside an addr-spec (RFC 4475 §3.1.2.14).
    if (uri === "" || /[\s<]/.test(uri)) return undefined;
    rest = rest.slice(close + 1);
  } else {
    const semi = rest.indexOf(";");
    uri = (semi >= 0 ? rest.slice(0, semi) : rest).trim();
    rest = semi >= 0 ? rest.slice(semi) : "";
    if (uri === "" || /[\s,?"]/.test(uri)) return undefined;
  }
  rest = rest.trim();
  let params: Params = new Map();
  if (rest !== "") {
    if (!rest.startsWith(";")) return undefined;
    const pieces = splitOutside(rest.slice(1), ";");
    const parsed = pieces && parseParams(pieces);
    if (!parsed) return undefined;
    params = parsed;
  }
  return { displayName, uri, params };
}

/** Serializes a name-addr, always with angle brackets. */
export function formatNameAddr(value: NameAddr): string {
  const name = value.displayName !== undefined ? `${quote(value.displayName)} ` : "";
  return `${name}<${value.uri}>${formatParams(value.params)}`;
}

/** Index of the quote that closes the quoted string opening at 0, or -1. */
function closingQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** Removes the quotes and backslash escapes of a quoted-string. */
export function unquote(text: string): string {
  if (!text.startsWith('"') || !text.endsWith('"') || text.length < 2) return text;
  return text.slice(1, -1).replace(/\\(.)/g, "$1");
}

/** Makes a quoted-string of any text. */
export function quote(text: string): string {
  return `"${text.replace(/(["\\])/g, "\\$1")}"`;
}
