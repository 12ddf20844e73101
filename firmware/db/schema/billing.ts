// SPEC BILL-2..5 and the rating decisions under BILL-8: each extension's billing account, its
// top-ups, the rate rules, and one charge per billed call (reserved at answer, extended per
// period, settled exactly once or released). Money is integer minor units.
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const PAYMENT_METHODS = ["prepaid", "postpaid"] as const;
export const CHARGE_STATES = ["open", "settled", "released"] as const;

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch() * 1000)`);

/** An extension without a row has the defaults: billing off, prepaid, nothing on it. */
export const billingAccounts = sqliteTable("billing_accounts", {
  extension: text("extension").primaryKey(),
  billingEnabled: integer("billing_enabled", { mode: "boolean" }).notNull().default(false),
  paymentMethod: text("payment_method", { enum: PAYMENT_METHODS }).notNull().default("prepaid"),
  balanceMinor: integer("balance_minor").notNull().default(0),
  creditLimitMinor: integer("credit_limit_minor").notNull().default(0),
  locked: integer("locked", { mode: "boolean" }).notNull().default(false),
  /** Reset when the payment method changes (manual 2.2). */
  totalTopUpMinor: integer("total_top_up_minor").notNull().default(0),
});

export const billingTopUps = sqliteTable(
  "billing_top_ups",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    extension: text("extension").notNull(),
    atMs: integer("at_ms").notNull(),
    balanceBeforeMinor: integer("balance_before_minor").notNull(),
    amountMinor: integer("amount_minor").notNull(),
    balanceAfterMinor: integer("balance_after_minor").notNull(),
    /** The web account that topped up. */
    byAccount: text("by_account").notNull().default(""),
  },
  (t) => [index("billing_top_ups_at_idx").on(t.atMs)],
);

export const rateRules = sqliteTable("rate_rules", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  remark: text("remark").notNull().default(""),
  prefix: text("prefix").notNull().default(""),
  numberLength: integer("number_length").notNull().default(0),
  initialFeeMinor: integer("initial_fee_minor").notNull().default(0),
  initialTimeS: integer("initial_time_s").notNull().default(0),
  rateMinor: integer("rate_minor").notNull().default(0),
  periodS: integer("period_s").notNull().default(60),
  activeFromMin: integer("active_from_min").notNull().default(0),
  activeToMin: integer("active_to_min").notNull().default(0),
  extensions: text("extensions", { mode: "json" }).$type<string[]>().notNull(),
  createdAt: createdAt(),
});

/** One billed call: the rule as it was at answer, what is reserved, what was charged. */
export const billingCharges = sqliteTable(
  "billing_charges",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    callId: text("call_id").notNull(),
    extension: text("extension").notNull(),
    number: text("number").notNull(),
    /** The RateRule as JSON: a rule edited mid-call does not change the call's price. */
    rule: text("rule", { mode: "json" }).notNull(),
    answeredAtMs: integer("answered_at_ms").notNull(),
    reservedMinor: integer("reserved_minor").notNull(),
    /** Seconds of talk the reservation pays for. */
    coversS: integer("covers_s").notNull(),
    state: text("state", { enum: CHARGE_STATES }).notNull().default("open"),
    chargedMinor: integer("charged_minor"),
    talkS: integer("talk_s"),
    endedAtMs: integer("ended_at_ms"),
  },
  (t) => [
    index("billing_charges_state_idx").on(t.state),
    index("billing_charges_extension_idx").on(t.extension),
  ],
);
