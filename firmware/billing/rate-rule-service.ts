// SPEC BILL-4: the rate rules as stored, checked when saved (errors name the field), and the
// prefix index rating reads, rebuilt only when a rule changes. Import and export as CSV with
// money in the currency's decimal form ("0.10") and times as "HH:MM".
import { asc, count, eq } from "drizzle-orm";
import { csvLine } from "../cdr/csv.ts";
import type { PbxDatabase } from "../db/open-database.ts";
import { rateRules } from "../db/schema/billing.ts";
import { invalid, notFound, type RouteResult } from "../routes/route-result.ts";
import { formatMoney, parseMoney } from "./money.ts";
import { parseCsv } from "./parse-csv.ts";
import { formatTimeOfDay, parseTimeOfDay, type RateRule } from "./rate-rule.ts";
import { compileRateTable, type RateTable } from "./rate-table.ts";

export type RateRuleInput = Omit<RateRule, "id">;

const MAX_MINOR = 1_000_000_000;
const MAX_RULES = 20_000;

export const RATE_CSV_HEADER = [
  "enabled",
  "remark",
  "prefix",
  "number_length",
  "initial_fee",
  "initial_time_s",
  "rate",
  "period_s",
  "start",
  "end",
  "extensions",
] as const;

const DEFAULTS: RateRuleInput = {
  enabled: true,
  remark: "",
  prefix: "",
  numberLength: 0,
  initialFeeMinor: 0,
  initialTimeS: 0,
  rateMinor: 0,
  periodS: 60,
  activeFromMin: 0,
  activeToMin: 0,
  extensions: [],
};

export class RateRuleService {
  #table: RateTable | undefined;

  constructor(private readonly db: PbxDatabase) {}

  #count(): number {
    return this.db.select({ n: count() }).from(rateRules).get()?.n ?? 0;
  }

  list(): RateRule[] {
    return this.db
      .select()
      .from(rateRules)
      .orderBy(asc(rateRules.id))
      .all()
      .map(({ createdAt: _c, ...row }) => row);
  }

  get(id: number): RateRule | undefined {
    const row = this.db.select().from(rateRules).where(eq(rateRules.id, id)).get();
    if (!row) return undefined;
    const { createdAt: _c, ...rule } = row;
    return rule;
  }

  /** The prefix index of every rule, built once per change. */
  table(): RateTable {
    this.#table ??= compileRateTable(this.list());
    return this.#table;
  }

  create(input: Partial<RateRuleInput>): RouteResult<RateRule> {
    const checked = checkRule({ ...DEFAULTS, ...input });
    if (!checked.ok) return checked;
    if (this.#count() >= MAX_RULES) return invalid("prefix", `at most ${MAX_RULES} rules`);
    const row = this.db.insert(rateRules).values(checked.value).returning().get();
    this.#table = undefined;
    return { ok: true, value: this.get(row.id)! };
  }

  update(id: number, patch: Partial<RateRuleInput>): RouteResult<RateRule> {
    const current = this.get(id);
    if (!current) return notFound("rate rule");
    const { id: _id, ...rest } = current;
    const checked = checkRule({ ...rest, ...patch });
    if (!checked.ok) return checked;
    this.db.update(rateRules).set(checked.value).where(eq(rateRules.id, id)).run();
    this.#table = undefined;
    return { ok: true, value: this.get(id)! };
  }

  delete(id: number): boolean {
    const gone = this.db.delete(rateRules).where(eq(rateRules.id, id)).returning().all();
    this.#table = undefined;
    return gone.length > 0;
  }

  /** Every rule as CSV rows (header first), money with `digits` decimals. */
  exportRows(digits: number): string[][] {
    return [
      [...RATE_CSV_HEADER],
      ...this.list().map((r) => [
        r.enabled ? "1" : "0",
        r.remark,
        r.prefix,
        String(r.numberLength),
        formatMoney(r.initialFeeMinor, digits),
        String(r.initialTimeS),
        formatMoney(r.rateMinor, digits),
        String(r.periodS),
        formatTimeOfDay(r.activeFromMin),
        formatTimeOfDay(r.activeToMin),
        r.extensions.join(" "),
      ]),
    ];
  }

  exportCsv(digits: number): string {
    return this.exportRows(digits).map(csvLine).join("");
  }

  /**
   * Adds the rules of a CSV file (the export's columns; a header line is recognised), all or
   * none: the first bad line is refused naming its line number and column. With `replace` the
   * current rules are removed first, in the same transaction.
   */
  importCsv(text: string, digits: number, replace: boolean): RouteResult<{ added: number }> {
    return this.importRows(parseCsv(text), digits, replace);
  }

  /** The same from a sheet's rows (an .xlsx import), one rule per row. */
  importRows(rows: string[][], digits: number, replace: boolean): RouteResult<{ added: number }> {
    rows = rows.map((row) => [...row]);
    if (rows.length > 0 && rows[0]![0]?.trim().toLowerCase() === "enabled") rows.shift();
    const rules: RateRuleInput[] = [];
    for (const [i, row] of rows.entries()) {
      if (row.length === 1 && row[0]!.trim() === "") continue;
      const line = i + 2;
      const parsed = ruleFromCsv(row, digits);
      if (!parsed.ok)
        return invalid("file", `line ${line}, ${parsed.error.field}: ${parsed.error.message}`);
      const checked = checkRule(parsed.value);
      if (!checked.ok)
        return invalid("file", `line ${line}, ${checked.error.field}: ${checked.error.message}`);
      rules.push(checked.value);
    }
    const existing = replace ? 0 : this.#count();
    if (existing + rules.length > MAX_RULES) return invalid("file", `at most ${MAX_RULES} rules`);
    this.db.transaction((tx) => {
      if (replace) tx.delete(rateRules).run();
      for (let i = 0; i < rules.length; i += 500)
        tx.insert(rateRules)
          .values(rules.slice(i, i + 500))
          .run();
    });
    this.#table = undefined;
    return { ok: true, value: { added: rules.length } };
  }
}

function ruleFromCsv(row: string[], digits: number): RouteResult<RateRuleInput> {
  const cell = (i: number) => (row[i] ?? "").trim();
  const whole = (i: number, name: string): number | string => {
    const v = cell(i);
    if (v === "") return 0;
    return /^\d{1,9}$/.test(v) ? Number(v) : `${name} must be a whole number`;
  };
  const money = (i: number): number | string => {
    const v = cell(i);
    if (v === "") return 0;
    return parseMoney(v, digits) ?? `must be an amount with at most ${digits} decimals`;
  };
  const time = (i: number): number | string => {
    const v = cell(i);
    if (v === "") return 0;
    return parseTimeOfDay(v) ?? "must be a time HH:MM";
  };
  const enabledText = cell(0).toLowerCase();
  const values = {
    numberLength: whole(3, "number_length"),
    initialFeeMinor: money(4),
    initialTimeS: whole(5, "initial_time_s"),
    rateMinor: money(6),
    periodS: cell(7) === "" ? 60 : whole(7, "period_s"),
    activeFromMin: time(8),
    activeToMin: time(9),
  };
  const columns: Record<keyof typeof values, string> = {
    numberLength: "number_length",
    initialFeeMinor: "initial_fee",
    initialTimeS: "initial_time_s",
    rateMinor: "rate",
    periodS: "period_s",
    activeFromMin: "start",
    activeToMin: "end",
  };
  for (const [key, value] of Object.entries(values))
    if (typeof value === "string") return invalid(columns[key as keyof typeof values], value);
  if (!["", "1", "0", "true", "false", "yes", "no"].includes(enabledText))
    return invalid("enabled", "must be 1 or 0");
  return {
    ok: true,
    value: {
      enabled: !["0", "false", "no"].includes(enabledText),
      remark: cell(1),
      prefix: cell(2),
      ...(values as Record<keyof typeof values, number>),
      extensions: cell(10)
        .split(/[\s;|]+/)
        .filter((e) => e !== ""),
    },
  };
}

/** The rule's fields checked; errors name the field. */
export function checkRule(r: RateRuleInput): RouteResult<RateRuleInput> {
  if (r.remark.length > 64) return invalid("remark", "must be at most 64 characters");
  if (!/^[0-9*#+]{0,20}$/.test(r.prefix))
    return invalid("prefix", "must be up to 20 digits (and * # +)");
  if (!Number.isInteger(r.numberLength) || r.numberLength < 0 || r.numberLength > 32)
    return invalid("numberLength", "must be from 0 to 32");
  if (r.numberLength !== 0 && r.numberLength < r.prefix.length)
    return invalid("numberLength", "counts the prefix too, so it cannot be shorter than it");
  for (const key of ["initialFeeMinor", "rateMinor"] as const)
    if (!Number.isInteger(r[key]) || r[key] < 0 || r[key] > MAX_MINOR)
      return invalid(key, `must be a whole number of minor units from 0 to ${MAX_MINOR}`);
  if (!Number.isInteger(r.initialTimeS) || r.initialTimeS < 0 || r.initialTimeS > 86_400)
    return invalid("initialTimeS", "must be from 0 to 86400 seconds");
  if (!Number.isInteger(r.periodS) || r.periodS < 1 || r.periodS > 86_400)
    return invalid("periodS", "must be from 1 to 86400 seconds");
  for (const key of ["activeFromMin", "activeToMin"] as const)
    if (!Number.isInteger(r[key]) || r[key] < 0 || r[key] >= 1440)
      return invalid(key, "must be a time of day");
  if (r.extensions.length > 1000) return invalid("extensions", "at most 1000 extensions");
  for (const e of r.extensions)
    if (!/^[0-9]{1,8}$/.test(e)) return invalid("extensions", `${e} is not an extension number`);
  return {
    ok: true,
    value: {
      enabled: r.enabled,
      remark: r.remark.trim(),
      prefix: r.prefix,
      numberLength: r.numberLength,
      initialFeeMinor: r.initialFeeMinor,
      initialTimeS: r.initialTimeS,
      rateMinor: r.rateMinor,
      periodS: r.periodS,
      activeFromMin: r.activeFromMin,
      activeToMin: r.activeToMin,
      extensions: [...new Set(r.extensions)],
    },
  };
}
