// SPEC CALL-6: a page or intercom call rings each member's phone with a header that tells the
// phone to answer by itself. Phones disagree on which header they obey, so the box picks it by
// the vendor named in the phone's registration User-Agent (phone-vendors.ts's detection). The
// choice is kept as data: one row per vendor, and a default row for phones the box does not
// know, which carries the two forms most firmwares accept (Call-Info answer-after and the
// alert-autoanswer Alert-Info). FXS handsets are never paged: the manual says analog phones
// cannot auto-answer and cannot be paging-group members, so they are left out, not rung.

import { type VendorId, vendorOf } from "../../provisioning/phone-vendors.ts";

export interface AutoAnswerHeader {
  name: "Call-Info" | "Alert-Info";
  value: string;
}

/** `{host}` stands for the box's SIP host, which Call-Info's URI names. */
const CALL_INFO = { name: "Call-Info", value: "<sip:{host}>;answer-after=0" } as const;
const ALERT_AUTOANSWER = { name: "Alert-Info", value: "info=alert-autoanswer" } as const;

export const AUTO_ANSWER_BY_VENDOR: Readonly<
  Record<VendorId | "default", readonly AutoAnswerHeader[]>
> = {
  yealink: [CALL_INFO],
  grandstream: [CALL_INFO],
  snom: [
    CALL_INFO,
    { name: "Alert-Info", value: "<http://www.notused.com>;info=alert-autoanswer;delay=0" },
  ],
  fanvil: [CALL_INFO],
  cisco: [CALL_INFO],
  htek: [CALL_INFO],
  escene: [CALL_INFO, { name: "Alert-Info", value: "Ring Answer" }],
  akuvox: [CALL_INFO, ALERT_AUTOANSWER],
  mocet: [CALL_INFO, ALERT_AUTOANSWER],
  box: [CALL_INFO],
  default: [CALL_INFO, ALERT_AUTOANSWER],
};

/** The headers to put on the INVITE to a member whose registration carried `userAgent`. */
export function autoAnswerHeaders(userAgent: string | undefined, host: string): AutoAnswerHeader[] {
  const rows = AUTO_ANSWER_BY_VENDOR[vendorOf(userAgent)?.id ?? "default"];
  return rows.map((h) => ({ name: h.name, value: h.value.replace("{host}", host) }));
}

/** The same headers as a callee target's extra INVITE headers (`SipCalleeLeg`). */
export function autoAnswerTarget(
  userAgent: string | undefined,
  host: string,
): { headers: (readonly [string, string])[] } {
  return { headers: autoAnswerHeaders(userAgent, host).map((h) => [h.name, h.value] as const) };
}
