// RFC 4511 over one connection, without the socket: bytes in, bytes out. Framing (4.1.1: one
// LDAPMessage per BER element), bind (4.2, simple only: RFC 4513 5.1 anonymous and 5.1.3
// name/password), search (4.5) over the phonebook as the bound user may see it, and refusal
// of every write. A malformed PDU ends the session with a Notice of Disconnection
// (4.4.1, protocolError); nothing here throws on what a client sends.
import { timingSafeEqual } from "node:crypto";
import type { PhonebookEntry, PhonebookViewer } from "../phonebook/phonebook.ts";
import { berFrame } from "./ber-reader.ts";
import {
  BASE_DN,
  bindNumber,
  canonicalDn,
  type LdapEntry,
  ldapEntry,
  rootEntry,
} from "./ldap-directory.ts";
import { evaluateFilter } from "./ldap-filter.ts";
import {
  decodeMessage,
  encodeEntry,
  encodeExtendedResult,
  encodeResult,
  type LdapRequest,
  RESULT,
  TAG,
} from "./ldap-message.ts";

/** Largest PDU accepted; a phone's search is a few hundred bytes. */
export const MAX_PDU_BYTES = 64 * 1024;
/** Entries one search returns at most, whatever the client asks. */
export const DEFAULT_SIZE_LIMIT = 500;
const NOTICE_OF_DISCONNECTION = "1.3.6.1.4.1.1466.20036";

/** What a session needs from the box. */
export interface LdapBackend {
  entries(viewer: PhonebookViewer): PhonebookEntry[];
  /** The extension's SIP password, for a simple bind as that extension. */
  sipPassword(number: string): string | undefined;
  /** Failed binds count toward a ban of the address, as failed SIP and web logins do. */
  isBanned(address: string): boolean;
  bindFailed(address: string): void;
  sizeLimit?: number;
}

/** What the session wants done: bytes to send, and whether to close after them. */
export interface SessionOutput {
  send: Uint8Array[];
  close: boolean;
}

export class LdapSession {
  private buffer = new Uint8Array(0);
  private viewer: PhonebookViewer = { kind: "anonymous" };
  private closed = false;

  constructor(
    private readonly backend: LdapBackend,
    private readonly address: string,
  ) {}

  /** Feeds received bytes; returns what to send and whether to close. */
  receive(chunk: Uint8Array): SessionOutput {
    const out: SessionOutput = { send: [], close: false };
    if (this.closed) return { send: [], close: true };
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    let at = 0;
    while (!out.close) {
      const frame = berFrame(joined, at);
      if (frame.kind === "incomplete") break;
      const total = frame.kind === "complete" ? frame.headerLength + frame.length : 0;
      if (frame.kind === "invalid" || total > MAX_PDU_BYTES) {
        this.disconnect(out);
        break;
      }
      if (at + total > joined.length) {
        if (total - (joined.length - at) > MAX_PDU_BYTES) this.disconnect(out);
        break;
      }
      const message = decodeMessage(joined.subarray(at, at + total));
      at += total;
      if (!message) {
        this.disconnect(out);
        break;
      }
      this.handle(message.id, message.request, out);
    }
    this.buffer = out.close ? new Uint8Array(0) : joined.slice(at);
    if (this.buffer.length > MAX_PDU_BYTES) this.disconnect(out);
    this.closed = out.close;
    return out;
  }

  private disconnect(out: SessionOutput): void {
    out.send.push(
      encodeExtendedResult(0, RESULT.protocolError, "malformed request", NOTICE_OF_DISCONNECTION),
    );
    out.close = true;
  }

  private handle(id: number, request: LdapRequest, out: SessionOutput): void {
    switch (request.op) {
      case "unbind":
        out.close = true;
        return;
      case "abandon":
        return; // searches finish at once: nothing to abandon
      case "refused":
        out.send.push(
          encodeResult(
            id,
            request.responseTag,
            RESULT.unwillingToPerform,
            "the phonebook is read-only",
          ),
        );
        return;
      case "extended":
        out.send.push(
          encodeExtendedResult(
            id,
            RESULT.protocolError,
            `extended operation ${request.name} not supported`,
          ),
        );
        return;
      case "bind":
        out.send.push(this.bind(id, request));
        return;
      case "search":
        this.search(id, request, out);
        return;
    }
  }

  private bind(id: number, request: Extract<LdapRequest, { op: "bind" }>): Uint8Array {
    const reply = (code: number, text = "") => encodeResult(id, TAG.bindResponse, code, text);
    this.viewer = { kind: "anonymous" }; // RFC 4511 4.2.1: a bind first resets the session
    if (request.version !== 3) return reply(RESULT.protocolError, "only LDAPv3");
    if (request.password === undefined)
      return reply(RESULT.authMethodNotSupported, "only simple bind");
    if (request.name === "" && request.password === "") return reply(RESULT.success);
    // RFC 4513 5.1.2: a name with no password is an unauthenticated bind; refused.
    if (request.password === "")
      return reply(RESULT.unwillingToPerform, "unauthenticated bind refused");
    if (this.backend.isBanned(this.address))
      return reply(RESULT.unwillingToPerform, "too many failed binds from this address; try later");
    const number = bindNumber(request.name);
    const expected = number === undefined ? undefined : this.backend.sipPassword(number);
    if (number === undefined || expected === undefined || !sameText(expected, request.password)) {
      this.backend.bindFailed(this.address);
      return reply(RESULT.invalidCredentials);
    }
    this.viewer = { kind: "extension", number };
    return reply(RESULT.success);
  }

  private search(
    id: number,
    request: Extract<LdapRequest, { op: "search" }>,
    out: SessionOutput,
  ): void {
    const done = (code: number, text = "") =>
      out.send.push(encodeResult(id, TAG.searchResultDone, code, text));
    const base = canonicalDn(request.base);
    let candidates: LdapEntry[];
    if (base === "" && request.scope === "base") {
      candidates = [rootDse()];
    } else if (base === BASE_DN || base === "") {
      const below = this.backend.entries(this.viewer).map(ldapEntry);
      candidates =
        request.scope === "base"
          ? [rootEntry()]
          : request.scope === "one"
            ? below
            : [rootEntry(), ...below];
    } else if (base.endsWith(`,${BASE_DN}`)) {
      const one = this.backend
        .entries(this.viewer)
        .map(ldapEntry)
        .find((e) => canonicalDn(e.dn) === base);
      if (!one) return void done(RESULT.noSuchObject, "no such entry");
      candidates = request.scope === "one" ? [] : [one];
    } else {
      return void done(RESULT.noSuchObject, `the phonebook is under ${BASE_DN}`);
    }
    const serverLimit = this.backend.sizeLimit ?? DEFAULT_SIZE_LIMIT;
    const limit = request.sizeLimit > 0 ? Math.min(request.sizeLimit, serverLimit) : serverLimit;
    let sent = 0;
    for (const entry of candidates) {
      if (evaluateFilter(request.filter, entry.byName) !== true) continue;
      if (sent === limit) return void done(RESULT.sizeLimitExceeded, `more than ${limit} entries`);
      out.send.push(encodeEntry(id, entry.dn, selectAttributes(entry, request)));
      sent++;
    }
    done(RESULT.success);
  }
}

function rootDse(): LdapEntry {
  const attributes = [
    { type: "objectClass", values: ["top"] },
    { type: "namingContexts", values: [BASE_DN] },
    { type: "supportedLDAPVersion", values: ["3"] },
  ];
  return {
    dn: "",
    attributes,
    byName: new Map(attributes.map((a) => [a.type.toLowerCase(), a.values])),
  };
}

/** RFC 4511 4.5.1.8: none listed or "*" is every user attribute, "1.1" none. */
function selectAttributes(
  entry: LdapEntry,
  request: { attributes: string[]; typesOnly: boolean },
): { type: string; values: string[] }[] {
  const wanted = request.attributes.map((a) => a.toLowerCase());
  const all = wanted.length === 0 || wanted.includes("*");
  const chosen = all
    ? entry.attributes
    : entry.attributes.filter((a) => wanted.includes(a.type.toLowerCase()));
  return chosen.map((a) => ({ type: a.type, values: request.typesOnly ? [] : a.values }));
}

function sameText(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
