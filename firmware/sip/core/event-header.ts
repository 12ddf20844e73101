// The Event header (RFC 6665 §8.2.1, §7.2.1): a package name, optionally a template after a
// dot, and parameters. Package names compare case-insensitively.
import { unquote } from "../message/name-addr.ts";
import { parseParams, splitOutside } from "../message/params.ts";

export interface EventHeader {
  /** The package, lower case ("dialog", "message-summary", "ua-profile"). */
  name: string;
  /** The parameters, quoted values unquoted ("id", "vendor", "profile-type"...). */
  params: Map<string, string>;
}

/** The parsed Event header, or undefined when missing or malformed. */
export function parseEvent(value: string | undefined): EventHeader | undefined {
  if (!value) return undefined;
  const parts = splitOutside(value, ";");
  if (!parts) return undefined;
  const params = parseParams(parts.slice(1));
  if (!params) return undefined;
  for (const [key, raw] of params) params.set(key, raw.startsWith('"') ? unquote(raw) : raw);
  const name = parts[0]!.trim().toLowerCase();
  if (!/^[a-z0-9!%*+`'~._-]+$/.test(name)) return undefined;
  return { name, params };
}
