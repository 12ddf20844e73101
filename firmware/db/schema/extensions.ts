// SPEC EXT-2 (IP extension fields), EXT-4 (quick registration code). The SIP password is kept
// reversible because QR provisioning hands it to the phone; the digest HA1 values (RFC 7616
// section 3.4.2, MD5 and SHA-256) are stored beside it so the registrar never hashes per request.
import { sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { departments } from "./departments.ts";

export const RECORDING_MODES = ["none", "inbound", "outbound", "all"] as const;
export type RecordingMode = (typeof RECORDING_MODES)[number];
export const SIP_TRANSPORTS = ["udp", "tcp", "tls"] as const;
export type SipTransport = (typeof SIP_TRANSPORTS)[number];
export const DTMF_MODES = ["rfc4733", "info", "inband"] as const;
export type DtmfMode = (typeof DTMF_MODES)[number];

export const extensions = sqliteTable("extensions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  number: text("number").notNull().unique(),
  displayName: text("display_name").notNull().default(""),
  sipPassword: text("sip_password").notNull(),
  ha1Md5: text("ha1_md5").notNull(),
  ha1Sha256: text("ha1_sha256").notNull(),
  email: text("email").notNull().default(""),
  outboundCallerId: text("outbound_caller_id").notNull().default(""),
  mohClass: text("moh_class").notNull().default("default"),
  mobile: text("mobile").notNull().default(""),
  departmentId: integer("department_id").references(() => departments.id, {
    onDelete: "set null",
  }),
  dialPermission: text("dial_permission").notNull().default("international"),
  language: text("language").notNull().default(""),
  voicemailEnabled: integer("voicemail_enabled", { mode: "boolean" }).notNull().default(false),
  remoteExtension: integer("remote_extension", { mode: "boolean" }).notNull().default(false),
  video: integer("video", { mode: "boolean" }).notNull().default(false),
  webLogin: integer("web_login", { mode: "boolean" }).notNull().default(false),
  mayBeMonitored: integer("may_be_monitored", { mode: "boolean" }).notNull().default(false),
  voicemailPin: text("voicemail_pin").notNull().default(""),
  maxRegistrations: integer("max_registrations").notNull().default(3),
  videoCodec: text("video_codec").notNull().default("h264"),
  recording: text("recording", { enum: RECORDING_MODES }).notNull().default("none"),
  registrationExpiryS: integer("registration_expiry_s").notNull().default(120),
  transport: text("transport", { enum: SIP_TRANSPORTS }).notNull().default("udp"),
  dtmfMode: text("dtmf_mode", { enum: DTMF_MODES }).notNull().default("rfc4733"),
  srtp: integer("srtp", { mode: "boolean" }).notNull().default(false),
  qualify: integer("qualify", { mode: "boolean" }).notNull().default(true),
  codecs: text("codecs").notNull().default("PCMU,PCMA,G722"),
  quickCode: text("quick_code").unique(),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});
