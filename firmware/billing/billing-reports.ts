// SPEC BILL-6 and BILL-7 (manual 2.5 通话记录, 2.6 统计): the billed calls with their cost, and
// their statistics. A billed call is a settled charge (CHARGE_STATES: a released one cost
// nothing and an open one is still running); its trunk comes from the call's record, joined by
// call id. A charge whose record is missing (the box stopped mid-call, or the record was not
// written) still shows, with its number and times from the charge. Money stays integer minor
// units; totals are summed by SQLite over integers.
import { and, count, desc, eq, gte, inArray, like, lt, or, type SQL, sql } from "drizzle-orm";
import { csvLine } from "../cdr/csv.ts";
import type { PbxDatabase } from "../db/open-database.ts";
import { billingCharges } from "../db/schema/billing.ts";
import { callRecords } from "../db/schema/call-records.ts";
import { invalid, type RouteResult } from "../routes/route-result.ts";
import { formatMoney } from "./money.ts";
import {
  dateReader,
  daysBetween,
  isCalendarDate,
  MAX_RANGE_DAYS,
  type PeriodKind,
  periodOf,
  periodsBetween,
} from "./report-periods.ts";

/** One billed call as the call records with cost list it (BILL-6). */
export interface CostedCall {
  chargeId: number;
  callId: string;
  /** When the call was answered: the instant it was rated at. */
  atMs: number;
  endedAtMs: number | null;
  extension: string;
  name: string;
  /** As dialled, outbound prefix included. */
  number: string;
  /** Seconds of talk; null when a stop cut the call and no record says how long it ran. */
  talkS: number | null;
  trunk: string;
  costMinor: number;
}

export interface CostedCallQuery {
  /** Part of the extension's number or name. */
  keyword?: string;
  /** Part of the dialled number. */
  number?: string;
  /** Part of the trunk's name. */
  trunk?: string;
  /** Answered at or after. */
  fromMs?: number;
  /** Answered before. */
  toMs?: number;
  offset?: number;
  limit?: number;
}

/** Totals of one period, one extension or the whole search (BILL-7). */
export interface CallTotals {
  calls: number;
  talkS: number;
  /** Whole seconds, rounded. */
  averageTalkS: number;
  costMinor: number;
}

export interface StatisticsQuery {
  /** First and last day counted, YYYY-MM-DD in the box's time zone. */
  from: string;
  to: string;
  by: PeriodKind;
  /** The extensions counted; empty or absent: all. */
  extensions?: readonly string[];
}

export interface Statistics {
  timeZone: string;
  from: string;
  to: string;
  by: PeriodKind;
  /** Every period of the range in order, empty ones included (a chart shows the gaps). */
  periods: (CallTotals & { period: string })[];
  /** The extensions that made billed calls in the range, in number order. */
  extensions: (CallTotals & { extension: string; name: string })[];
  total: CallTotals;
}

// The seconds a call talked: the charge's own count, else its record's talk time.
const TALK_S = sql<
  number | null
>`coalesce(${billingCharges.talkS}, (${callRecords.talkMs} + 999) / 1000)`;

export class BillingReports {
  constructor(
    private readonly db: PbxDatabase,
    /** The extensions' names by number. */
    private readonly directory: () => Map<string, string>,
    /** The box's IANA time zone (system.timeZone). */
    private readonly timeZone: () => string,
  ) {}

  /** Billed calls, newest first, one page, with the count, talk and cost of the whole search. */
  calls(query: CostedCallQuery = {}): {
    items: CostedCall[];
    total: number;
    totalTalkS: number;
    totalCostMinor: number;
  } {
    const names = this.directory();
    const where = this.#where(query, names);
    const latest = this.#latestRecords();
    const sums = this.db
      .select({
        n: count(),
        talk: sql<number>`coalesce(sum(${TALK_S}), 0)`,
        cost: sql<number>`coalesce(sum(${billingCharges.chargedMinor}), 0)`,
      })
      .from(billingCharges)
      .leftJoin(latest, eq(latest.callId, billingCharges.callId))
      .leftJoin(callRecords, eq(callRecords.id, latest.id))
      .where(where)
      .get();
    const items = this.#rows(where, query.offset ?? 0, query.limit ?? 50).map((r) => ({
      ...r,
      name: names.get(r.extension) ?? "",
    }));
    return {
      items,
      total: sums?.n ?? 0,
      totalTalkS: sums?.talk ?? 0,
      totalCostMinor: sums?.cost ?? 0,
    };
  }

  /** The whole search as CSV, money in the currency's decimals, with a total line. */
  callsCsv(query: Omit<CostedCallQuery, "offset" | "limit">, minorDigits: number): string {
    const all = this.calls({ ...query, offset: 0, limit: -1 });
    const money = (minor: number) => formatMoney(minor, minorDigits);
    const header = ["time", "extension", "name", "number", "talk_s", "trunk", "cost"];
    return (
      csvLine(header) +
      all.items
        .map((c) =>
          csvLine([
            new Date(c.atMs).toISOString(),
            c.extension,
            c.name,
            c.number,
            c.talkS ?? "",
            c.trunk,
            money(c.costMinor),
          ]),
        )
        .join("") +
      csvLine(["total", "", "", "", all.totalTalkS, "", money(all.totalCostMinor)])
    );
  }

  /** Count, talk and cost of the billed calls per day, month or year in the box's time zone. */
  statistics(query: StatisticsQuery): RouteResult<Statistics> {
    if (!isCalendarDate(query.from)) return invalid("from", "must be a date (YYYY-MM-DD)");
    if (!isCalendarDate(query.to)) return invalid("to", "must be a date (YYYY-MM-DD)");
    const days = daysBetween(query.from, query.to);
    if (days < 1) return invalid("to", "must not be before from");
    if (days > MAX_RANGE_DAYS)
      return invalid("to", `must be within ${MAX_RANGE_DAYS} days of from`);
    const timeZone = this.timeZone();
    const dateAt = dateReader(timeZone);
    // No zone is more than 14 hours from UTC: a day either side holds every candidate, and
    // the calendar date on the box's clock decides.
    const fromMs = Date.parse(`${query.from}T00:00:00Z`) - 86_400_000;
    const toMs = Date.parse(`${query.to}T00:00:00Z`) + 2 * 86_400_000;
    const wanted = query.extensions?.length ? [...new Set(query.extensions)] : undefined;
    const latest = this.#latestRecords();
    const rows = this.db
      .select({
        extension: billingCharges.extension,
        atMs: billingCharges.answeredAtMs,
        talkS: TALK_S,
        costMinor: billingCharges.chargedMinor,
      })
      .from(billingCharges)
      .leftJoin(latest, eq(latest.callId, billingCharges.callId))
      .leftJoin(callRecords, eq(callRecords.id, latest.id))
      .where(
        and(
          eq(billingCharges.state, "settled"),
          gte(billingCharges.answeredAtMs, fromMs),
          lt(billingCharges.answeredAtMs, toMs),
          wanted ? inArray(billingCharges.extension, wanted) : undefined,
        ),
      )
      .all();
    const periods = new Map(
      periodsBetween(query.from, query.to, query.by).map((p) => [p, new Tally()]),
    );
    const perExtension = new Map<string, Tally>();
    const total = new Tally();
    for (const row of rows) {
      const date = dateAt(row.atMs);
      if (date < query.from || date > query.to) continue;
      const call = { talkS: row.talkS ?? 0, costMinor: row.costMinor ?? 0 };
      periods.get(periodOf(date, query.by))?.add(call);
      if (!perExtension.has(row.extension)) perExtension.set(row.extension, new Tally());
      perExtension.get(row.extension)!.add(call);
      total.add(call);
    }
    const names = this.directory();
    return {
      ok: true,
      value: {
        timeZone,
        from: query.from,
        to: query.to,
        by: query.by,
        periods: [...periods].map(([period, tally]) => ({ period, ...tally.totals() })),
        extensions: [...perExtension]
          .sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))
          .map(([extension, tally]) => ({
            extension,
            name: names.get(extension) ?? "",
            ...tally.totals(),
          })),
        total: total.totals(),
      },
    };
  }

  /** The statistics as CSV: one line per period, then the total. */
  statisticsCsv(stats: Statistics, minorDigits: number): string {
    const money = (minor: number) => formatMoney(minor, minorDigits);
    const line = (label: string, t: CallTotals) =>
      csvLine([label, t.calls, t.talkS, t.averageTalkS, money(t.costMinor)]);
    return (
      csvLine([stats.by, "calls", "talk_s", "average_talk_s", "cost"]) +
      stats.periods.map((p) => line(p.period, p)).join("") +
      line("total", stats.total)
    );
  }

  #where(query: CostedCallQuery, names: Map<string, string>): SQL | undefined {
    const parts: (SQL | undefined)[] = [eq(billingCharges.state, "settled")];
    const keyword = query.keyword?.trim().toLowerCase();
    if (keyword) {
      const named = [...names]
        .filter(([, name]) => name.toLowerCase().includes(keyword))
        .map(([number]) => number);
      parts.push(
        or(
          like(billingCharges.extension, `%${escapeLike(keyword)}%`),
          named.length > 0 ? inArray(billingCharges.extension, named) : undefined,
        ),
      );
    }
    if (query.number) parts.push(like(billingCharges.number, `%${escapeLike(query.number)}%`));
    if (query.trunk) parts.push(like(callRecords.trunk, `%${escapeLike(query.trunk)}%`));
    if (query.fromMs !== undefined) parts.push(gte(billingCharges.answeredAtMs, query.fromMs));
    if (query.toMs !== undefined) parts.push(lt(billingCharges.answeredAtMs, query.toMs));
    return and(...parts);
  }

  /**
   * Each call id's newest record. call_records has no index on call_id: grouped in a subquery,
   * SQLite materializes it once and joins through an automatic index (one pass over the
   * records, not one per charge), and a call with two records is still listed once.
   */
  #latestRecords() {
    return this.db
      .select({
        callId: callRecords.callId,
        id: sql<number>`max(${callRecords.id})`.as("record_id"),
      })
      .from(callRecords)
      .groupBy(callRecords.callId)
      .as("latest_record");
  }

  #rows(where: SQL | undefined, offset: number, limit: number) {
    const latest = this.#latestRecords();
    return this.db
      .select({
        chargeId: billingCharges.id,
        callId: billingCharges.callId,
        atMs: billingCharges.answeredAtMs,
        endedAtMs: sql<
          number | null
        >`coalesce(${billingCharges.endedAtMs}, ${callRecords.endedAt})`,
        extension: billingCharges.extension,
        number: billingCharges.number,
        talkS: TALK_S,
        trunk: sql<string>`coalesce(${callRecords.trunk}, '')`,
        costMinor: sql<number>`coalesce(${billingCharges.chargedMinor}, 0)`,
      })
      .from(billingCharges)
      .leftJoin(latest, eq(latest.callId, billingCharges.callId))
      .leftJoin(callRecords, eq(callRecords.id, latest.id))
      .where(where)
      .orderBy(desc(billingCharges.answeredAtMs), desc(billingCharges.id))
      .limit(limit)
      .offset(offset)
      .all();
  }
}

/** Adds up calls; the average is whole seconds. */
class Tally {
  calls = 0;
  talkS = 0;
  costMinor = 0;

  add(call: { talkS: number; costMinor: number }): void {
    this.calls++;
    this.talkS += call.talkS;
    this.costMinor += call.costMinor;
  }

  totals(): CallTotals {
    return {
      calls: this.calls,
      talkS: this.talkS,
      averageTalkS: this.calls === 0 ? 0 : Math.round(this.talkS / this.calls),
      costMinor: this.costMinor,
    };
  }
}

/** LIKE wildcards in user text match themselves (as the call records' search: drop them). */
function escapeLike(text: string): string {
  return text.replace(/[%_]/g, "");
}
