// SPEC BILL-1..8: the billing side of the box in one object for the web API and, later, the
// call engine: the box-wide switch and currency (BILL-8), the accounts and top-ups, the rate
// rules, the ledger, the rule tester and `authorizeOutbound`, the call layer's question.

import { csvLine } from "../cdr/csv.ts";
import type { PbxDatabase } from "../db/open-database.ts";
import type { SettingsStore } from "../db/settings-store.ts";
import { invalid, type RouteResult } from "../routes/route-result.ts";
import { wallClock } from "../routes/time-condition.ts";
import { decideOutbound, type OutboundDecision } from "./authorize-outbound.ts";
import {
  accountIn,
  BillingAccountService,
  reservedIn,
  type TopUpQuery,
} from "./billing-account-service.ts";
import { BillingReports, type CostedCallQuery, type StatisticsQuery } from "./billing-reports.ts";
import { ChargeLedger } from "./charge-ledger.ts";
import { formatMoney, isCurrency, minorDigits } from "./money.ts";
import { type CostBreakdown, cost, type RateRule } from "./rate-rule.ts";
import { RateRuleService } from "./rate-rule-service.ts";
import { type RejectReason, rate } from "./rate-table.ts";

export const BILLING_ENABLED_KEY = "billing.enabled";
export const BILLING_CURRENCY_KEY = "billing.currency";
const TIME_ZONE_KEY = "system.timeZone";

export interface BillingSettings {
  enabled: boolean;
  /** ISO 4217 code. */
  currency: string;
  /** Decimals of the currency: amounts are integers of 10^-minorDigits. */
  minorDigits: number;
}

/** What the rule tester answers. */
export interface RatingTest {
  minuteOfDay: number;
  rule: RateRule | null;
  rejected: { id: number; remark: string; prefix: string; reason: RejectReason }[];
  otherPrefixes: number;
  cost: CostBreakdown | null;
  /** Whether the extension could call the number now, and why not. */
  outbound: OutboundDecision;
}

export class BillingService {
  readonly accounts: BillingAccountService;
  readonly rates: RateRuleService;
  readonly ledger: ChargeLedger;
  readonly reports: BillingReports;

  constructor(
    private readonly db: PbxDatabase,
    private readonly settingsStore: Pick<SettingsStore, "get" | "set">,
  ) {
    this.accounts = new BillingAccountService(db);
    this.rates = new RateRuleService(db);
    this.ledger = new ChargeLedger(db);
    this.reports = new BillingReports(
      db,
      () => this.accounts.directory(),
      () => this.timeZone(),
    );
  }

  /** The box's time zone: rating windows and statistics read the box's wall clock. */
  timeZone(): string {
    return this.settingsStore.get(TIME_ZONE_KEY, "Asia/Shanghai");
  }

  settings(): BillingSettings {
    const currency = this.settingsStore.get(BILLING_CURRENCY_KEY, "CNY");
    return {
      enabled: this.settingsStore.get(BILLING_ENABLED_KEY, false),
      currency,
      minorDigits: minorDigits(currency),
    };
  }

  updateSettings(patch: { enabled?: boolean; currency?: string }): RouteResult<BillingSettings> {
    if (patch.currency !== undefined && !isCurrency(patch.currency))
      return invalid("currency", "must be an ISO 4217 code such as CNY or USD");
    if (patch.enabled !== undefined) this.settingsStore.set(BILLING_ENABLED_KEY, patch.enabled);
    if (patch.currency !== undefined) this.settingsStore.set(BILLING_CURRENCY_KEY, patch.currency);
    return { ok: true, value: this.settings() };
  }

  /** Top-up records as CSV (BILL-5), amounts in the currency's decimals, newest first. */
  topUpsCsv(query: Omit<TopUpQuery, "offset" | "limit">): string {
    const digits = this.settings().minorDigits;
    const money = (minor: number) => formatMoney(minor, digits);
    const header = ["time", "extension", "name", "balance_before", "amount", "balance_after", "by"];
    return (
      csvLine(header) +
      this.accounts
        .topUps(query)
        .items.map((r) =>
          csvLine([
            new Date(r.atMs).toISOString(),
            r.extension,
            r.name,
            money(r.balanceBeforeMinor),
            money(r.amountMinor),
            money(r.balanceAfterMinor),
            r.byAccount,
          ]),
        )
        .join("")
    );
  }

  /** Billed calls as CSV (BILL-6), money in the currency's decimals, newest first. */
  callsCsv(query: Omit<CostedCallQuery, "offset" | "limit">): string {
    return this.reports.callsCsv(query, this.settings().minorDigits);
  }

  /** Statistics as CSV (BILL-7). */
  statisticsCsv(query: StatisticsQuery): RouteResult<string> {
    const stats = this.reports.statistics(query);
    if (!stats.ok) return stats;
    return {
      ok: true,
      value: this.reports.statisticsCsv(stats.value, this.settings().minorDigits),
    };
  }

  /** Minutes after midnight at `atMs` in the box's time zone. */
  minuteOfDay(atMs: number): number {
    return wallClock(atMs, this.timeZone()).minute;
  }

  /** The rule that would rate `number` dialled by `extension` at `atMs`, if any. */
  ruleFor(extension: string, number: string, atMs: number): RateRule | undefined {
    return rate({ number, extension, minuteOfDay: this.minuteOfDay(atMs) }, this.rates.table())
      .rule;
  }

  /** The call layer's question before an outbound call: may it go out, is it charged. */
  authorizeOutbound(extension: string, number: string, atMs: number): OutboundDecision {
    return this.#decide(extension, number, this.minuteOfDay(atMs));
  }

  #decide(extension: string, number: string, minuteOfDay: number): OutboundDecision {
    return decideOutbound({
      billingOn: this.settings().enabled,
      account: accountIn(this.db, extension),
      rule: rate({ number, extension, minuteOfDay }, this.rates.table()).rule,
      reservedMinor: reservedIn(this.db, extension),
    });
  }

  /** The rule tester (BILL-4): which rule, why not the others, and what `talkS` would cost. */
  test(q: {
    number: string;
    extension: string;
    atMs: number;
    /** The time of day to rate at, instead of `atMs`'s. */
    minuteOfDay?: number;
    talkS: number;
  }): RatingTest {
    const minuteOfDay = q.minuteOfDay ?? this.minuteOfDay(q.atMs);
    const decision = rate(
      { number: q.number, extension: q.extension, minuteOfDay },
      this.rates.table(),
    );
    return {
      minuteOfDay,
      rule: decision.rule ?? null,
      rejected: decision.rejected.map(({ rule, reason }) => ({
        id: rule.id,
        remark: rule.remark,
        prefix: rule.prefix,
        reason,
      })),
      otherPrefixes: decision.otherPrefixes,
      cost: decision.rule ? cost(decision.rule, q.talkS) : null,
      outbound: this.#decide(q.extension, q.number, minuteOfDay),
    };
  }
}
