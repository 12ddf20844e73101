// SPEC REP-1 call records: one row per call when it ends (start, answer, end, caller, callee,
// final callee, duration, talk time, trunk, PIN, type, status, recorded), searched by type,
// caller, callee, trunk and PIN, newest first.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const CALL_TYPES = ["inbound", "outbound", "internal"] as const;
export type CallType = (typeof CALL_TYPES)[number];

export const CALL_STATUSES = ["answered", "not-answered"] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const callRecords = sqliteTable(
  "call_records",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The call engine's id of the call (recordings point at it). */
    callId: text("call_id").notNull(),
    /** The caller's SIP Call-ID, for matching with phone and packet logs. */
    sipCallId: text("sip_call_id").notNull().default(""),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    answeredAt: integer("answered_at", { mode: "timestamp_ms" }),
    endedAt: integer("ended_at", { mode: "timestamp_ms" }).notNull(),
    caller: text("caller").notNull(),
    callerName: text("caller_name").notNull().default(""),
    callee: text("callee").notNull(),
    finalCallee: text("final_callee").notNull(),
    /** From start to end, ringing included. */
    durationMs: integer("duration_ms").notNull(),
    /** From answer to end; 0 when not answered. */
    talkMs: integer("talk_ms").notNull(),
    type: text("type", { enum: CALL_TYPES }).notNull(),
    status: text("status", { enum: CALL_STATUSES }).notNull(),
    /** Why it ended: hangup, busy, no-answer, cancelled, unavailable, no-rtp, ... */
    reason: text("reason").notNull().default(""),
    sipStatus: integer("sip_status"),
    trunk: text("trunk").notNull().default(""),
    pin: text("pin").notNull().default(""),
    recorded: integer("recorded", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    index("call_records_started_at_idx").on(t.startedAt),
    index("call_records_caller_idx").on(t.caller),
    index("call_records_callee_idx").on(t.callee),
    // Billing reports join a call's charge to its record by call id (SPEC BILL-6).
    index("call_records_call_id_idx").on(t.callId),
  ],
);
