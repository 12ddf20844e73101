// SPEC EXT-2: the shape of an IP extension as the rest of the firmware and the web API see it.
// The digest HA1 values stay inside firmware/extensions and the registrar's ExtensionDirectory.
import type { DtmfMode, RecordingMode, SipTransport } from "../db/schema/extensions.ts";
import type { TakenParams } from "../numbering/number-holder.ts";

export type { DtmfMode, RecordingMode, SipTransport };

/** Every setting of an extension except its number, which is its identity. */
export interface ExtensionSettings {
  displayName: string;
  sipPassword: string;
  email: string;
  outboundCallerId: string;
  mohClass: string;
  mobile: string;
  departmentId: number | null;
  dialPermission: string;
  language: string;
  voicemailEnabled: boolean;
  remoteExtension: boolean;
  video: boolean;
  webLogin: boolean;
  mayBeMonitored: boolean;
  voicemailPin: string;
  maxRegistrations: number;
  videoCodec: string;
  recording: RecordingMode;
  registrationExpiryS: number;
  transport: SipTransport;
  dtmfMode: DtmfMode;
  srtp: boolean;
  qualify: boolean;
  codecs: string[];
}

/** An extension as stored, without its HA1 values. */
export interface ExtensionRecord extends ExtensionSettings {
  number: string;
  quickCode: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Input of ExtensionService.create: a number, and any settings (the rest take defaults). */
export type NewExtension = { number: string } & Partial<ExtensionSettings>;

/** Input of ExtensionService.bulkAdd (SPEC EXT-3). */
export interface BulkAddRequest {
  startNumber: string;
  count: number;
  /** Caller ID of the first extension; "" leaves every caller ID empty. */
  firstCallerId?: string;
  /** "increment": each next extension's caller ID is one more; "same": all share it. */
  callerIdMode?: "increment" | "same";
  /** Settings applied to every added extension (a password given here is shared by all). */
  settings?: Partial<ExtensionSettings>;
}

/** What changed, told to onChange listeners after the change is committed. */
export interface ExtensionChange {
  kind: "created" | "updated" | "deleted";
  numbers: readonly string[];
}

/** The vocabulary of extension errors: bad input, a number already in use, no such record. */
export interface ExtensionError {
  code: "invalid" | "taken" | "not_found" | "too_many";
  field?: string;
  message: string;
  /** For "taken": who holds the number or name, so the UI can say it in its language. */
  params?: TakenParams;
}

/** An expected outcome: the value, or why not. */
export type ExtensionResult<T> = { ok: true; value: T } | { ok: false; error: ExtensionError };

/**
 * What signalling reads of one extension on every REGISTER and call: authentication and
 * binding limits (RFC 3261 section 10.3), keepalive, and the call settings of EXT-2.
 */
export interface ExtensionAuth {
  number: string;
  displayName: string;
  ha1Md5: string;
  ha1Sha256: string;
  maxRegistrations: number;
  registrationExpiryS: number;
  remoteExtension: boolean;
  /** Send OPTIONS keepalives to its contacts (EXT-2 "keepalive"). */
  qualify: boolean;
  /** Audio codec names in preference order (EXT-2 "audio codec order"). */
  codecs: string[];
  dtmfMode: "rfc4733" | "info" | "inband";
  outboundCallerId: string;
  recording: "none" | "inbound" | "outbound" | "all";
}
