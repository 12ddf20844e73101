// The API's refusals in the page's language: {"error": {code, field?, params?}} (web/api
// README "Errors") becomes a sentence naming the field by its label, so no page shows the
// API's English wording or a raw field name such as rxGainDb.
import type { MessageKey } from "./en.ts";
import type { Translate } from "./translate.ts";

/** What the page needs of a refusal (api-client.ts ApiFailure has these). */
export interface Refusal {
  code: string;
  message: string;
  field?: string;
  params?: Record<string, unknown>;
}

/** The holder kinds a "taken" refusal can name (firmware/numbering/number-holder.ts). */
const HOLDER_KINDS = [
  "extension",
  "analog",
  "department",
  "feature-code",
  "conference-room",
  "park-slot",
  "outbound-prefix",
  "outbound-route",
  "trunk",
  "paging-group",
  "queue",
] as const;

/** A param as text; a "taken" holder {kind, number, name} as "department Sales (600)". */
function paramText(value: unknown, t: Translate): string | number {
  if (typeof value === "string" || typeof value === "number") return value;
  if (value !== null && typeof value === "object" && "number" in value) {
    const { kind, number, name } = value as { kind?: string; number: string; name?: string };
    const known = (HOLDER_KINDS as readonly string[]).includes(kind ?? "");
    const key = (known ? `err.holder.${kind}` : "err.holder.other") as MessageKey;
    return t(key, { number, name: name || number });
  }
  return String(value);
}

/** The label of each request field the API names. */
const FIELD_LABELS: Record<string, MessageKey> = {
  number: "ext.number",
  displayName: "ext.displayName",
  sipPassword: "ext.sipPassword",
  email: "ext.email",
  outboundCallerId: "ext.outboundCallerId",
  mohClass: "ext.mohClass",
  mobile: "ext.mobile",
  departmentId: "ext.department",
  dialPermission: "ext.dialPermission",
  language: "ext.language",
  voicemailEnabled: "ext.voicemailEnabled",
  remoteExtension: "ext.remoteExtension",
  video: "ext.video",
  webLogin: "ext.webLogin",
  mayBeMonitored: "ext.mayBeMonitored",
  voicemailPin: "ext.voicemailPin",
  maxRegistrations: "ext.maxRegistrations",
  videoCodec: "ext.videoCodec",
  recording: "ext.recording",
  registrationExpiryS: "ext.registrationExpiryS",
  transport: "ext.transport",
  dtmfMode: "ext.dtmfMode",
  srtp: "ext.srtp",
  qualify: "ext.qualify",
  codecs: "ext.codecs",
  startNumber: "bulk.startNumber",
  count: "bulk.count",
  firstCallerId: "bulk.firstCallerId",
  callerIdMode: "bulk.callerIdMode",
  alias: "analog.alias",
  rxGainDb: "analog.rxGainDb",
  txGainDb: "analog.txGainDb",
  name: "dept.name",
  ringStrategy: "dept.strategy",
  noAnswerDestination: "dept.noAnswer",
  members: "dept.members",
  code: "fc.code",
  timeZone: "set.timeZone",
  fallbackDomain: "set.fallbackDomain",
  host: "set.smtpHost",
  port: "set.smtpPort",
  security: "set.smtpSecurity",
  from: "set.smtpFrom",
  username: "acct.username",
  password: "login.password",
  role: "acct.role",
  currentPassword: "pw.current",
  mac: "prov.mac",
  vendor: "prov.vendor",
  lines: "prov.lines",
  blfKeys: "prov.blfKeys",
  speedDials: "prov.speedDials",
  idleText: "prov.idleText",
  httpUser: "prov.httpUser",
  httpPassword: "prov.httpPassword",
  newPassword: "pw.new",
};

/** The format a field wants, said after a pattern refusal (the same hint the form shows). */
const FIELD_HINTS: Record<string, MessageKey> = {
  number: "ext.numberHint",
  startNumber: "ext.numberHint",
  sipPassword: "ext.sipPasswordHint",
  voicemailPin: "ext.voicemailPinHint",
  outboundCallerId: "ext.phoneHint",
  firstCallerId: "ext.phoneHint",
  mobile: "ext.phoneHint",
  username: "acct.usernameHint",
  mac: "prov.macHint",
};

/** Codes with a sentence of their own in the catalogs. */
const FIELD_CODES = [
  "required",
  "type",
  "out-of-range",
  "too-long",
  "too-short",
  "pattern",
  "one-of",
  "unknown-field",
  "taken",
  "invalid",
] as const;
const PLAIN_CODES = ["method_not_allowed", "too_large", "network"] as const;

/** The translated label of an API field, or "this field". */
export function fieldLabel(field: string | undefined, t: Translate): string {
  const key = field === undefined ? undefined : FIELD_LABELS[field];
  return key ? t(key) : t("err.field");
}

/**
 * The refusal as a sentence in the page's language, or undefined when its code has none
 * (the page then says it its own way, or shows the API's wording).
 */
export function refusalText(refusal: Refusal, t: Translate): string | undefined {
  const code = refusal.code;
  if ((FIELD_CODES as readonly string[]).includes(code)) {
    const vars: Record<string, string | number> = { label: fieldLabel(refusal.field, t) };
    for (const [name, value] of Object.entries(refusal.params ?? {})) {
      if (name !== "label") vars[name] = paramText(value, t);
    }
    const hint = code === "pattern" && refusal.field ? FIELD_HINTS[refusal.field] : undefined;
    if (hint) return t("err.pattern-hint", { ...vars, hint: t(hint) });
    return t(`err.${code}` as MessageKey, vars);
  }
  if ((PLAIN_CODES as readonly string[]).includes(code)) return t(`err.${code}` as MessageKey);
  return undefined;
}
