// RFC 4511 section 4: LDAPMessage, decoded into the requests the phonebook server answers and
// encoded for its responses. Decoding never throws: a PDU that is not a well-formed
// LDAPMessage is undefined (RFC 4511 4.1.1: the server then closes the connection).
import { berBoolean, berChildren, berElement, berInteger, berText } from "./ber-reader.ts";
import { berConstructed, berInt, berString } from "./ber-writer.ts";
import { decodeFilter, type LdapFilter } from "./ldap-filter.ts";

/** RFC 4511 4.1.9 result codes this server sends. */
export const RESULT = {
  success: 0,
  protocolError: 2,
  sizeLimitExceeded: 4,
  authMethodNotSupported: 7,
  noSuchObject: 32,
  invalidDNSyntax: 34,
  invalidCredentials: 49,
  insufficientAccessRights: 50,
  unwillingToPerform: 53,
} as const;

export type SearchScope = "base" | "one" | "sub";

export type LdapRequest =
  | { op: "bind"; version: number; name: string; password: string | undefined }
  | {
      op: "search";
      base: string;
      scope: SearchScope;
      sizeLimit: number;
      typesOnly: boolean;
      filter: LdapFilter;
      attributes: string[];
    }
  | { op: "unbind" }
  | { op: "abandon" }
  /** A write (modify, add, delete, modify DN) or compare: refused; `responseTag` answers it. */
  | { op: "refused"; responseTag: number }
  | { op: "extended"; name: string };

export interface LdapMessage {
  id: number;
  request: LdapRequest;
}

const REFUSED_RESPONSE: Record<number, number> = {
  102: 0x67, // modify
  104: 0x69, // add
  74: 0x6b, // delete
  108: 0x6d, // modify DN
  110: 0x6f, // compare
};

const SCOPES: readonly SearchScope[] = ["base", "one", "sub"];
const MAX_MESSAGE_ID = 2 ** 31 - 1;

/** The message in one complete PDU, or undefined when it is malformed. */
export function decodeMessage(pdu: Uint8Array): LdapMessage | undefined {
  const outer = berElement(pdu);
  if (outer?.tag !== 0x30) return undefined;
  const parts = berChildren(outer);
  if (!parts || parts.length < 2 || parts.length > 3) return undefined;
  if (parts[0]!.tag !== 0x02) return undefined;
  const id = berInteger(parts[0]);
  if (id === undefined || id < 0 || id > MAX_MESSAGE_ID) return undefined;
  if (parts[2] && parts[2].tag !== 0xa0) return undefined;
  const request = decodeRequest(parts[1]!);
  return request && { id, request };
}

function decodeRequest(op: {
  tag: number;
  constructed: boolean;
  contents: Uint8Array;
}): LdapRequest | undefined {
  const refused = REFUSED_RESPONSE[op.tag];
  if (refused !== undefined) return { op: "refused", responseTag: refused };
  switch (op.tag) {
    case 0x42:
      return { op: "unbind" };
    case 0x50:
      return { op: "abandon" };
    case 0x60: {
      const f = berChildren(op);
      if (f?.length !== 3 || f[0]!.tag !== 0x02 || f[1]!.tag !== 0x04) return undefined;
      const version = berInteger(f[0]);
      const name = berText(f[1]);
      if (version === undefined || name === undefined) return undefined;
      // simple [0]; anything else (SASL [3]) gets authMethodNotSupported.
      const password = f[2]!.tag === 0x80 ? berText(f[2]) : undefined;
      return { op: "bind", version, name, password };
    }
    case 0x63: {
      const f = berChildren(op);
      if (f?.length !== 8) return undefined;
      const base = f[0]!.tag === 0x04 ? berText(f[0]) : undefined;
      const scope = f[1]!.tag === 0x0a ? SCOPES[berInteger(f[1]) ?? -1] : undefined;
      const sizeLimit = f[3]!.tag === 0x02 ? berInteger(f[3]) : undefined;
      const typesOnly = f[5]!.tag === 0x01 ? berBoolean(f[5]) : undefined;
      const filter = decodeFilter(f[6]!);
      const attrs = f[7]!.tag === 0x30 ? berChildren(f[7]) : undefined;
      if (
        base === undefined ||
        scope === undefined ||
        sizeLimit === undefined ||
        sizeLimit < 0 ||
        typesOnly === undefined ||
        !filter ||
        !attrs
      )
        return undefined;
      const attributes: string[] = [];
      for (const a of attrs) {
        const text = a.tag === 0x04 ? berText(a) : undefined;
        if (text === undefined) return undefined;
        attributes.push(text);
      }
      return { op: "search", base, scope, sizeLimit, typesOnly, filter, attributes };
    }
    case 0x77: {
      const f = berChildren(op);
      const name = f?.[0]?.tag === 0x80 ? berText(f[0]) : undefined;
      return name === undefined ? undefined : { op: "extended", name };
    }
    default:
      return undefined;
  }
}

function envelope(id: number, op: Uint8Array): Uint8Array {
  return berConstructed(0x30, [berInt(id), op]);
}

function resultFields(code: number, diagnostic: string, matchedDn = ""): Uint8Array[] {
  return [berInt(code, 0x0a), berString(matchedDn), berString(diagnostic)];
}

/** An LDAPResult-shaped response (bind, search done, modify, add, ...) under `tag`. */
export function encodeResult(id: number, tag: number, code: number, diagnostic = ""): Uint8Array {
  return envelope(id, berConstructed(tag, resultFields(code, diagnostic)));
}

/** An ExtendedResponse (4.12), also the Notice of Disconnection with id 0 (4.4.1). */
export function encodeExtendedResult(
  id: number,
  code: number,
  diagnostic: string,
  name?: string,
): Uint8Array {
  const fields = resultFields(code, diagnostic);
  if (name) fields.push(berString(name, 0x8a));
  return envelope(id, berConstructed(0x78, fields));
}

/** A SearchResultEntry (4.5.2). */
export function encodeEntry(
  id: number,
  dn: string,
  attributes: readonly { type: string; values: readonly string[] }[],
): Uint8Array {
  const list = attributes.map((a) =>
    berConstructed(0x30, [
      berString(a.type),
      berConstructed(
        0x31,
        a.values.map((v) => berString(v)),
      ),
    ]),
  );
  return envelope(id, berConstructed(0x64, [berString(dn), berConstructed(0x30, list)]));
}

export const TAG = {
  bindResponse: 0x61,
  searchResultDone: 0x65,
} as const;
