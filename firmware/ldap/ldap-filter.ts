// RFC 4511 section 4.5.1.7: search filters, decoded from BER and evaluated against an entry
// with three-valued logic (TRUE, FALSE, Undefined: 4.5.1.7's "Undefined" for unknown
// attributes or matching rules). Matching is case-insensitive (caseIgnoreMatch); phone-number
// attributes also ignore spaces and hyphens (telephoneNumberMatch, RFC 4517 4.2.29).
import { type BerElement, berChildren, berText } from "./ber-reader.ts";

export type LdapFilter =
  | { type: "and" | "or"; filters: LdapFilter[] }
  | { type: "not"; filter: LdapFilter }
  | {
      type: "equality" | "greaterOrEqual" | "lessOrEqual" | "approx";
      attribute: string;
      value: string;
    }
  | { type: "substrings"; attribute: string; initial?: string; any: string[]; final?: string }
  | { type: "present"; attribute: string }
  | { type: "extensible" };

/** An entry's attributes by lower-case name. */
export type LdapAttributes = ReadonlyMap<string, readonly string[]>;

const MAX_DEPTH = 32;

/** The filter an element encodes, or undefined when it is malformed. */
export function decodeFilter(element: BerElement, depth = 0): LdapFilter | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (element.tag) {
    case 0xa0:
    case 0xa1: {
      const children = berChildren(element);
      if (!children) return undefined;
      const filters: LdapFilter[] = [];
      for (const child of children) {
        const filter = decodeFilter(child, depth + 1);
        if (!filter) return undefined;
        filters.push(filter);
      }
      return { type: element.tag === 0xa0 ? "and" : "or", filters };
    }
    case 0xa2: {
      const children = berChildren(element);
      if (children?.length !== 1) return undefined;
      const filter = decodeFilter(children[0]!, depth + 1);
      return filter && { type: "not", filter };
    }
    case 0xa3:
    case 0xa5:
    case 0xa6:
    case 0xa8: {
      const children = berChildren(element);
      if (children?.length !== 2) return undefined;
      const attribute = berText(children[0]);
      const value = berText(children[1]);
      if (attribute === undefined || value === undefined) return undefined;
      const type = ({ 163: "equality", 165: "greaterOrEqual", 166: "lessOrEqual" } as const)[
        element.tag as 0xa3
      ];
      return { type: type ?? "approx", attribute, value };
    }
    case 0xa4: {
      const children = berChildren(element);
      if (children?.length !== 2) return undefined;
      const attribute = berText(children[0]);
      const parts = children[1]!.tag === 0x30 ? berChildren(children[1]) : undefined;
      if (attribute === undefined || !parts || parts.length === 0) return undefined;
      const filter: LdapFilter = { type: "substrings", attribute, any: [] };
      for (const part of parts) {
        const text = berText(part);
        if (text === undefined) return undefined;
        if (part.tag === 0x80 && filter.initial === undefined && filter.any.length === 0)
          filter.initial = text;
        else if (part.tag === 0x81 && filter.final === undefined) filter.any.push(text);
        else if (part.tag === 0x82 && filter.final === undefined) filter.final = text;
        else return undefined;
      }
      return filter;
    }
    case 0x87: {
      const attribute = berText(element);
      return attribute === undefined ? undefined : { type: "present", attribute };
    }
    case 0xa9:
      return element.constructed ? { type: "extensible" } : undefined;
    default:
      return undefined;
  }
}

const PHONE_ATTRIBUTES = new Set([
  "telephonenumber",
  "mobile",
  "homephone",
  "othertelephone",
  "ipphone",
  "pager",
]);

function normalize(attribute: string, value: string): string {
  const folded = value.toLowerCase().trim().replace(/\s+/g, " ");
  return PHONE_ATTRIBUTES.has(attribute) ? folded.replace(/[\s-]/g, "") : folded;
}

/** true, false, or undefined (RFC 4511's Undefined). */
export function evaluateFilter(filter: LdapFilter, entry: LdapAttributes): boolean | undefined {
  switch (filter.type) {
    case "and": {
      let result: boolean | undefined = true;
      for (const f of filter.filters) {
        const r = evaluateFilter(f, entry);
        if (r === false) return false;
        if (r === undefined) result = undefined;
      }
      return result;
    }
    case "or": {
      let result: boolean | undefined = false;
      for (const f of filter.filters) {
        const r = evaluateFilter(f, entry);
        if (r === true) return true;
        if (r === undefined) result = undefined;
      }
      return result;
    }
    case "not": {
      const r = evaluateFilter(filter.filter, entry);
      return r === undefined ? undefined : !r;
    }
    case "present":
      return (entry.get(filter.attribute.toLowerCase())?.length ?? 0) > 0;
    case "extensible":
      return undefined;
    default: {
      const attribute = filter.attribute.toLowerCase();
      const values = entry.get(attribute);
      if (!values) return false;
      return values.some((raw) => {
        const value = normalize(attribute, raw);
        switch (filter.type) {
          case "equality":
          case "approx":
            return value === normalize(attribute, filter.value);
          case "greaterOrEqual":
            return value >= normalize(attribute, filter.value);
          case "lessOrEqual":
            return value <= normalize(attribute, filter.value);
          default:
            return substringsMatch(attribute, value, filter);
        }
      });
    }
  }
}

function substringsMatch(
  attribute: string,
  value: string,
  filter: Extract<LdapFilter, { type: "substrings" }>,
): boolean {
  let at = 0;
  if (filter.initial !== undefined) {
    const initial = normalize(attribute, filter.initial);
    if (!value.startsWith(initial)) return false;
    at = initial.length;
  }
  for (const part of filter.any) {
    const piece = normalize(attribute, part);
    const found = value.indexOf(piece, at);
    if (found < 0) return false;
    at = found + piece.length;
  }
  if (filter.final !== undefined) {
    const final = normalize(attribute, filter.final);
    return value.length - final.length >= at && value.endsWith(final);
  }
  return true;
}
