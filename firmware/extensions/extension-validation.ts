// SPEC EXT-2: the rules an extension's fields must meet. Each check names the field it refuses
// so the web form can point at it. Rules the manual leaves open are chosen for a site of a few
// hundred extensions: numbers of 2-8 digits not starting with 0 (0 starts external numbers).
import { DTMF_MODES, RECORDING_MODES, SIP_TRANSPORTS } from "../db/schema/extensions.ts";
import { extensionPasswordProblem, isRemoteGradePassword } from "./extension-password.ts";
import type { ExtensionError, ExtensionSettings } from "./extension-types.ts";

export const NUMBER_PATTERN = /^[1-9][0-9]{1,7}$/;
export const KNOWN_CODECS = ["PCMU", "PCMA", "G722", "G729", "G726", "GSM", "iLBC", "opus"];
export const VIDEO_CODECS = ["h264", "h263", "vp8"];
export const LANGUAGES = ["", "zh", "en"];
export const MAX_REGISTRATIONS_LIMIT = 10;
export const REGISTRATION_EXPIRY_MIN_S = 60;
export const REGISTRATION_EXPIRY_MAX_S = 86400;

type Check = (value: never) => string | undefined;

const text = (max: number, pattern?: RegExp, hint?: string) => (v: string) => {
  if (v.length > max) return `must be at most ${max} characters`;
  if (/[\u0000-\u001f\u007f]/.test(v)) return "must not contain control characters";
  if (pattern && v !== "" && !pattern.test(v)) return hint ?? "has an invalid format";
  return undefined;
};
const oneOf = (values: readonly string[]) => (v: string) =>
  values.includes(v) ? undefined : `must be one of: ${values.map((x) => x || '""').join(", ")}`;
const intIn = (min: number, max: number) => (v: number) =>
  Number.isInteger(v) && v >= min && v <= max ? undefined : `must be a whole number ${min}-${max}`;
const bool = (v: boolean) => (typeof v === "boolean" ? undefined : "must be true or false");

const CHECKS: {
  [K in keyof ExtensionSettings]: (value: ExtensionSettings[K]) => string | undefined;
} = {
  displayName: text(64),
  sipPassword: (v) => extensionPasswordProblem(v),
  email: text(254, /^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an email address"),
  outboundCallerId: text(21, /^\+?[0-9]{1,20}$/, "must be digits, optionally after a +"),
  mohClass: (v) =>
    /^[A-Za-z0-9_-]{1,32}$/.test(v) ? undefined : "must be 1-32 letters, digits, - or _",
  mobile: text(21, /^\+?[0-9]{3,20}$/, "must be a phone number (digits, optionally after a +)"),
  departmentId: (v) =>
    v === null || (Number.isInteger(v) && v > 0) ? undefined : "must be a department id or null",
  dialPermission: (v) =>
    /^[a-z0-9-]{1,32}$/.test(v) ? undefined : "must be a dial permission class name",
  language: oneOf(LANGUAGES),
  voicemailEnabled: bool,
  remoteExtension: bool,
  video: bool,
  webLogin: bool,
  mayBeMonitored: bool,
  voicemailPin: text(8, /^[0-9]{4,8}$/, "must be 4-8 digits"),
  maxRegistrations: intIn(1, MAX_REGISTRATIONS_LIMIT),
  videoCodec: oneOf(VIDEO_CODECS),
  recording: oneOf(RECORDING_MODES),
  registrationExpiryS: intIn(REGISTRATION_EXPIRY_MIN_S, REGISTRATION_EXPIRY_MAX_S),
  transport: oneOf(SIP_TRANSPORTS),
  dtmfMode: oneOf(DTMF_MODES),
  srtp: bool,
  qualify: bool,
  codecs: (v) => {
    if (v.length === 0) return "must list at least one codec";
    const unknown = v.find((c) => !KNOWN_CODECS.includes(c));
    if (unknown !== undefined)
      return `unknown codec ${unknown} (known: ${KNOWN_CODECS.join(", ")})`;
    if (new Set(v).size !== v.length) return "must not list a codec twice";
    return undefined;
  },
};

/** Why `number` cannot be an extension number, or undefined when it can. */
export function extensionNumberProblem(number: string): string | undefined {
  return NUMBER_PATTERN.test(number) ? undefined : "must be 2-8 digits, not starting with 0";
}

/** The first field of `patch` that breaks its rule, or undefined when all pass. */
export function validateSettings(patch: Partial<ExtensionSettings>): ExtensionError | undefined {
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const check = CHECKS[field as keyof ExtensionSettings] as Check | undefined;
    if (check === undefined)
      return { code: "invalid", field, message: "is not an extension field" };
    const message = check(value as never);
    if (message !== undefined) return { code: "invalid", field, message };
  }
  return undefined;
}

/**
 * The remote-extension rule on the settings an extension will have after a change: refused
 * unless the password mixes letters, digits and symbols in 6+ characters. The error names the
 * password when this change sets it, otherwise the remote-extension switch.
 */
export function remoteRuleError(
  after: Pick<ExtensionSettings, "remoteExtension" | "sipPassword">,
  patch: Partial<ExtensionSettings>,
): ExtensionError | undefined {
  if (!after.remoteExtension || isRemoteGradePassword(after.sipPassword)) return undefined;
  return {
    code: "invalid",
    field: patch.sipPassword !== undefined ? "sipPassword" : "remoteExtension",
    message:
      "a remote extension needs a password of at least 6 characters mixing letters, digits and symbols",
  };
}
