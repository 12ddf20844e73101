// RFC 4235 dialog-info+xml as BLF lamps read it: one dialog element named after the
// extension, whose state is what the lamp shows (terminated: off, early: blinking,
// confirmed: on). Every NOTIFY carries the full state with the subscription's version
// counting from 0 (§4.1). The remote identity and target name the other party, which
// common desk phones show on the key and use for directed pickup.

import type { ExtensionPeer } from "../events/event-bus.ts";

export const DIALOG_INFO_TYPE = "application/dialog-info+xml";

export interface DialogInfo {
  extension: string;
  /** The box's host, for the sip: URIs. */
  domain: string;
  state: "idle" | "ringing" | "busy";
  peer?: ExtensionPeer;
  /** NOTIFYs sent before this one in the subscription. */
  version: number;
}

const DIALOG_STATE = { idle: "terminated", ringing: "early", busy: "confirmed" } as const;

/** The dialog-info document of one extension. */
export function dialogInfo(info: DialogInfo): string {
  const entity = `sip:${xml(info.extension)}@${xml(info.domain)}`;
  const peer = info.state !== "idle" ? info.peer : undefined;
  const direction = peer ? ` direction="${peer.direction}"` : "";
  const parties = peer
    ? [
        "    <local>",
        `      <identity>${entity}</identity>`,
        `      <target uri="${entity}"/>`,
        "    </local>",
        "    <remote>",
        `      <identity${peer.displayName ? ` display="${xml(peer.displayName)}"` : ""}>sip:${xml(peer.number)}@${xml(info.domain)}</identity>`,
        `      <target uri="sip:${xml(peer.number)}@${xml(info.domain)}"/>`,
        "    </remote>",
      ]
    : [];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${info.version}" state="full" entity="${entity}">`,
    `  <dialog id="${xml(info.extension)}"${direction}>`,
    `    <state>${DIALOG_STATE[info.state]}</state>`,
    ...parties,
    "  </dialog>",
    "</dialog-info>",
    "",
  ].join("\r\n");
}

/** Escapes text for XML content and attribute values. */
export function xml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
  );
}
