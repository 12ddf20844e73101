// SPEC ROUTE-2..4: outbound routes (tried by position), dial permission classes, toll-fraud
// fuses, inbound routes, IVRs and time conditions. Lists (patterns, trunk order, IVR keys,
// weekly hours, holidays) are JSON; destinations are "kind:target" strings as for departments.
import { sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch() * 1000)`);

export const outboundRoutes = sqliteTable("outbound_routes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  position: integer("position").notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  patterns: text("patterns", { mode: "json" }).$type<string[]>().notNull(),
  prefix: text("prefix").notNull().default(""),
  strip: integer("strip").notNull().default(0),
  prepend: text("prepend").notNull().default(""),
  trunkIds: text("trunk_ids", { mode: "json" }).$type<number[]>().notNull(),
  /** "" keeps the caller's own outbound caller ID. */
  callerId: text("caller_id").notNull().default(""),
  pins: text("pins", { mode: "json" }).$type<string[]>().notNull(),
  createdAt: createdAt(),
});

export const DIAL_LEVELS = ["internal", "local", "national", "international"] as const;
export type DialLevel = (typeof DIAL_LEVELS)[number];

/** Custom dial permission classes; the four levels themselves are built in. */
export const dialPermissions = sqliteTable("dial_permissions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  level: text("level", { enum: DIAL_LEVELS }).notNull().default("local"),
  allow: text("allow", { mode: "json" }).$type<string[]>().notNull(),
  deny: text("deny", { mode: "json" }).$type<string[]>().notNull(),
  createdAt: createdAt(),
});

/** Toll-fraud fuse limits per extension number; "*" is the default for the others. */
export const tollFuses = sqliteTable("toll_fuses", {
  extension: text("extension").primaryKey(),
  /** 0: no limit. */
  maxConcurrent: integer("max_concurrent").notNull().default(0),
  maxPerHour: integer("max_per_hour").notNull().default(0),
  international: integer("international", { mode: "boolean" }).notNull().default(true),
});

export const inboundRoutes = sqliteTable("inbound_routes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  position: integer("position").notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  /** "" matches any. */
  didPattern: text("did_pattern").notNull().default(""),
  callerPattern: text("caller_pattern").notNull().default(""),
  /** null: any trunk. */
  trunkId: integer("trunk_id"),
  destination: text("destination").notNull(),
  createdAt: createdAt(),
});

export const ivrs = sqliteTable("ivrs", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  /** "custom/<name>" for an uploaded prompt, else a built-in prompt's name. */
  prompt: text("prompt").notNull().default("welcome"),
  /** Key ("0"-"9", "*", "#") to destination. */
  keys: text("keys", { mode: "json" }).$type<Record<string, string>>().notNull(),
  directDial: integer("direct_dial", { mode: "boolean" }).notNull().default(true),
  timeoutS: integer("timeout_s").notNull().default(5),
  repeat: integer("repeat").notNull().default(3),
  invalidDestination: text("invalid_destination").notNull().default("hangup"),
  timeoutDestination: text("timeout_destination").notNull().default("hangup"),
  createdAt: createdAt(),
});

export const timeConditions = sqliteTable("time_conditions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  /** "mon-fri 09:00-18:00" lines. */
  weekly: text("weekly", { mode: "json" }).$type<string[]>().notNull(),
  /** "2026-10-01" or "2026-10-01..2026-10-07" lines. */
  holidays: text("holidays", { mode: "json" }).$type<string[]>().notNull(),
  matched: text("matched").notNull(),
  unmatched: text("unmatched").notNull(),
  createdAt: createdAt(),
});
