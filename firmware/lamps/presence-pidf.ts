// RFC 3863 PIDF with the RFC 4480 RPID "on-the-phone" activity (RFC 3856 presence): open
// while the extension has a registered phone, with on-the-phone while it rings or talks.

import { xml } from "./dialog-info.ts";

export const PIDF_TYPE = "application/pidf+xml";

export interface Presence {
  extension: string;
  domain: string;
  registered: boolean;
  state: "idle" | "ringing" | "busy";
}

/** The PIDF document of one extension. */
export function presencePidf(p: Presence): string {
  const entity = `sip:${xml(p.extension)}@${xml(p.domain)}`;
  const onThePhone = p.registered && p.state !== "idle";
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" entity="${entity}">`,
    `  <tuple id="${xml(p.extension)}">`,
    `    <status><basic>${p.registered ? "open" : "closed"}</basic></status>`,
    `    <contact>${entity}</contact>`,
    "  </tuple>",
    `  <dm:person id="p${xml(p.extension)}">`,
    onThePhone
      ? "    <rpid:activities><rpid:on-the-phone/></rpid:activities>"
      : "    <rpid:activities/>",
    "  </dm:person>",
    "</presence>",
    "",
  ].join("\r\n");
}
