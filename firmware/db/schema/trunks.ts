// SPEC ROUTE-1: trunks. A register-type VoIP trunk registers to a provider (or another box) as
// a client; a peer trunk is a site-to-site link by address, without registration; an analog
// trunk is a group of FXO ports (any free line is taken). The password is a client secret the
// box must present, so it is stored as given; it is never logged nor returned by the API.
import { sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const TRUNK_KINDS = ["register", "peer", "analog"] as const;
export type TrunkKind = (typeof TRUNK_KINDS)[number];
export const TRUNK_TRANSPORTS = ["UDP", "TCP", "TLS"] as const;
export type TrunkTransport = (typeof TRUNK_TRANSPORTS)[number];
export const TRUNK_DTMF_MODES = ["rfc4733", "info", "inband"] as const;
export type TrunkDtmfMode = (typeof TRUNK_DTMF_MODES)[number];

export const trunks = sqliteTable("trunks", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  kind: text("kind", { enum: TRUNK_KINDS }).notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  host: text("host").notNull().default(""),
  port: integer("port").notNull().default(5060),
  transport: text("transport", { enum: TRUNK_TRANSPORTS }).notNull().default("UDP"),
  /** TLS: check the far end's certificate (off for another box's self-signed one). */
  verifyCertificate: integer("verify_certificate", { mode: "boolean" }).notNull().default(true),
  username: text("username").notNull().default(""),
  authUsername: text("auth_username").notNull().default(""),
  password: text("password").notNull().default(""),
  fromUser: text("from_user").notNull().default(""),
  fromDomain: text("from_domain").notNull().default(""),
  /** Codec names in order of preference, comma separated as for extensions. */
  codecs: text("codecs").notNull().default("PCMU,PCMA,G722"),
  dtmfMode: text("dtmf_mode", { enum: TRUNK_DTMF_MODES }).notNull().default("rfc4733"),
  /** 0: no limit. */
  maxCalls: integer("max_calls").notNull().default(0),
  registerExpiryS: integer("register_expiry_s").notNull().default(3600),
  /** Analog trunks: FXO port numbers, comma separated. */
  fxoPorts: text("fxo_ports").notNull().default(""),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});
