// RFC 3515 §2.1 Refer-To and RFC 3891 §6.1 Replaces: what a REFER asks the box to do. A plain
// Refer-To is a blind transfer; one whose URI carries `?Replaces=` is an attended transfer that
// names the consulted dialog to replace. Parsing only: who may refer, and routing the target
// with the referrer's dial permissions, belong to the transfer logic.

import { parseNameAddr } from "../../sip/message/name-addr.ts";
import { parseParams, splitOutside } from "../../sip/message/params.ts";
import { parseSipUri, type SipUri } from "../../sip/message/uri.ts";

/** RFC 3891 §6.1: the dialog a Replaces header names, tags as the sender sees them. */
export interface Replaces {
  callId: string;
  toTag: string;
  fromTag: string;
  /** `early-only`: replace the dialog only while it is still early. */
  earlyOnly: boolean;
}

export type ReferTarget =
  | { ok: true; kind: "blind"; target: SipUri }
  | { ok: true; kind: "attended"; target: SipUri; replaces: Replaces }
  | { ok: false; reason: string };

/** Parses a Replaces header value (`callid;to-tag=a;from-tag=b[;early-only]`). */
export function parseReplaces(text: string): Replaces | undefined {
  const pieces = splitOutside(text.trim(), ";");
  if (!pieces || pieces.length < 3) return undefined;
  const callId = (pieces.shift() ?? "").trim();
  if (callId === "" || /[\s;]/.test(callId)) return undefined;
  const params = parseParams(pieces);
  const toTag = params?.get("to-tag");
  const fromTag = params?.get("from-tag");
  if (!params || !toTag || !fromTag) return undefined;
  return { callId, toTag, fromTag, earlyOnly: params.has("early-only") };
}

/**
 * Reads a Refer-To header value: a sip:/sips: URI (tel: and others are not transfer targets
 * here), its embedded Replaces header, if any, %-decoded (RFC 3261 §19.1.1 URI headers).
 */
export function parseReferTo(text: string): ReferTarget {
  const value = parseNameAddr(text.trim().startsWith("<") ? text : `<${text.trim()}>`);
  if (!value) return { ok: false, reason: "malformed Refer-To" };
  const parsed = parseSipUri(value.uri);
  if (!parsed.ok) return { ok: false, reason: `unsupported Refer-To scheme "${parsed.scheme}"` };
  const { headers, ...uri } = parsed.uri;
  const target: SipUri = uri;
  if (!headers) return { ok: true, kind: "blind", target };
  let replacesText: string | undefined;
  for (const header of headers.split("&")) {
    const eq = header.indexOf("=");
    if (eq < 0) continue;
    if (header.slice(0, eq).trim().toLowerCase() !== "replaces") continue;
    try {
      replacesText = decodeURIComponent(header.slice(eq + 1));
    } catch {
      return { ok: false, reason: "malformed Replaces in Refer-To" };
    }
  }
  if (replacesText === undefined) return { ok: true, kind: "blind", target };
  const replaces = parseReplaces(replacesText);
  if (!replaces) return { ok: false, reason: "malformed Replaces in Refer-To" };
  return { ok: true, kind: "attended", target, replaces };
}

/** RFC 3515 §2.4.5: the message/sipfrag body of a NOTIFY reporting a status line. */
export function sipfrag(status: number, reason: string): string {
  return `SIP/2.0 ${status} ${reason}\r\n`;
}
