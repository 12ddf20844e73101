// SPEC EXT-2: the settings of an IP extension, their defaults and choices, shared by the edit
// dialog and the bulk-add dialog.
import type { ExtensionSettings } from "../../../firmware/extensions/extension-types.ts";
import type { MessageKey } from "../i18n/en.ts";
import type { Translate } from "../i18n/translate.ts";

export type { ExtensionSettings };

export interface Extension extends ExtensionSettings {
  number: string;
  quickCode: string | null;
}

export const DEFAULT_SETTINGS: ExtensionSettings = {
  displayName: "",
  sipPassword: "",
  email: "",
  outboundCallerId: "",
  mohClass: "default",
  mobile: "",
  departmentId: null,
  dialPermission: "international",
  language: "",
  voicemailEnabled: false,
  remoteExtension: false,
  video: false,
  webLogin: false,
  mayBeMonitored: false,
  voicemailPin: "",
  maxRegistrations: 3,
  videoCodec: "h264",
  recording: "none",
  registrationExpiryS: 120,
  transport: "udp",
  dtmfMode: "rfc4733",
  srtp: false,
  qualify: true,
  codecs: ["PCMU", "PCMA", "G722"],
};

/**
 * The ranges the box holds extension fields to (firmware/extensions/extension-validation.ts),
 * shown as hints before the user trips over them; the box still checks them.
 */
export const LIMITS = {
  displayNameChars: 64,
  emailChars: 254,
  phoneChars: 21,
  maxRegistrations: { min: 1, max: 10 },
  registrationExpiryS: { min: 60, max: 86400 },
  bulkCount: { min: 1, max: 500 },
} as const;

export const KNOWN_CODECS = ["PCMU", "PCMA", "G722", "G729", "G726", "GSM", "iLBC", "opus"];

const choices = (t: Translate, prefix: string, values: readonly string[]) =>
  values.map((value) => ({ value, label: t(`${prefix}.${value}` as MessageKey) }));

export function fieldChoices(t: Translate) {
  return {
    language: [
      { value: "", label: t("lang.box") },
      { value: "zh", label: t("lang.zh") },
      { value: "en", label: t("lang.en") },
    ],
    recording: choices(t, "rec", ["none", "inbound", "outbound", "all"]),
    dialPermission: choices(t, "perm", ["internal", "local", "national", "international"]),
    dtmfMode: choices(t, "dtmf", ["rfc4733", "info", "inband"]),
    transport: ["udp", "tcp", "tls"].map((v) => ({ value: v, label: v.toUpperCase() })),
    videoCodec: ["h264", "h263", "vp8"].map((v) => ({ value: v, label: v.toUpperCase() })),
    mohClass: [{ value: "default", label: "default" }],
  };
}

/** The fields of `next` that differ from `before` (a PATCH sends only what changed). */
export function changedFields<T extends object>(before: T, next: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(next[key])) out[key] = next[key];
  }
  return out;
}
