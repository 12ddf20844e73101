// SPEC BILL-7 (manual 2.6 统计): for all, some or one extension over a range of dates, the
// number of outbound (billed) calls, total and average talk time and total cost, per day,
// month or year (按天/按月/按年) on the box's clock; a bar chart of one of them, the table with
// its total, each extension's share, and the CSV.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { API_BASE } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { BarChart } from "../components/bar-chart.ts";
import { SelectField, TextField } from "../components/form-fields.ts";
import { formatTalk } from "../format.ts";
import type { MessageKey } from "../i18n/en.ts";
import { formatMoney } from "../money.ts";
import { refusalOf, useBillingSettings } from "./billing-common.ts";

const PERIODS = ["day", "month", "year"] as const;
type Period = (typeof PERIODS)[number];
const METRICS = ["costMinor", "calls", "talkS", "averageTalkS"] as const;
type Metric = (typeof METRICS)[number];

interface Totals {
  calls: number;
  talkS: number;
  averageTalkS: number;
  costMinor: number;
}

interface Statistics {
  timeZone: string;
  by: Period;
  periods: (Totals & { period: string })[];
  extensions: (Totals & { extension: string; name: string })[];
  total: Totals;
}

interface Filters {
  from: string;
  to: string;
  by: Period;
  extensions: string;
}

const METRIC_LABEL: Record<Metric, MessageKey> = {
  costMinor: "stat.cost",
  calls: "stat.calls",
  talkS: "stat.talk",
  averageTalkS: "stat.average",
};

/** Today in the browser as YYYY-MM-DD. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** The numbers typed, separated by commas, spaces or Chinese commas; undefined when not numbers. */
export function extensionList(text: string): string[] | undefined {
  const numbers = text.split(/[\s,，、]+/).filter((n) => n !== "");
  return numbers.every((n) => /^[0-9]{1,8}$/.test(n)) ? numbers : undefined;
}

function statisticsQuery(f: Filters): URLSearchParams {
  const query = new URLSearchParams({ from: f.from, to: f.to, by: f.by });
  const numbers = extensionList(f.extensions) ?? [];
  if (numbers.length > 0) query.set("extensions", numbers.join(","));
  return query;
}

export function BillingStatisticsPage() {
  const { t, api } = useApp();
  const settings = useBillingSettings();
  const start: Filters = {
    from: `${today().slice(0, 4)}-01-01`,
    to: today(),
    by: "month",
    extensions: "",
  };
  const [draft, setDraft] = useState<Filters>(start);
  const [filters, setFilters] = useState<Filters>(start);
  const [metric, setMetric] = useState<Metric>("costMinor");
  const [stats, setStats] = useState<Statistics | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<keyof Filters, string>>>({});
  const [error, setError] = useState("");
  const [shownQuery, setShownQuery] = useState<string | null>(null);

  const load = useCallback(async () => {
    const query = statisticsQuery(filters).toString();
    const r = await api.get<Statistics>(`/billing/statistics?${query}`);
    if (r.ok) {
      setStats(r.data);
      setShownQuery(query);
    }
    setError(r.ok ? "" : refusalOf(t, r));
  }, [api, filters, t]);
  useEffect(() => void load(), [load]);

  const set = (field: keyof Filters) => (value: string) =>
    setDraft((d) => ({ ...d, [field]: value }));
  const search = (e: Event) => {
    e.preventDefault();
    const errors: Partial<Record<keyof Filters, string>> = {};
    if (!draft.from) errors.from = t("stat.dateRequired");
    if (!draft.to) errors.to = t("stat.dateRequired");
    else if (draft.from && draft.to < draft.from) errors.to = t("stat.toBeforeFrom");
    if (!extensionList(draft.extensions)) errors.extensions = t("stat.extensionsBad");
    setFieldErrors(errors);
    if (Object.keys(errors).length === 0) setFilters(draft);
  };
  if (!settings) return html`<p>${t("app.loading")}</p>`;
  const money = (minor: number) => formatMoney(minor, settings.minorDigits);
  const show: Record<Metric, (v: number) => string> = {
    costMinor: (v) => money(Math.round(v)),
    calls: (v) => String(Math.round(v)),
    talkS: (v) => formatTalk(Math.round(v)),
    averageTalkS: (v) => formatTalk(Math.round(v)),
  };
  const costHead = t("stat.costIn", { currency: settings.currency });
  const periodHead = t(`stat.period.${filters.by}`);
  const cells = (row: Totals) => html`
    <td data-label=${t("stat.calls")} data-calls>${row.calls}</td>
    <td data-label=${t("stat.talk")}>${formatTalk(row.talkS)}</td>
    <td data-label=${t("stat.average")}>${formatTalk(row.averageTalkS)}</td>
    <td data-label=${costHead} data-cost>${money(row.costMinor)}</td>`;
  const heads = html`<th>${t("stat.calls")}</th><th>${t("stat.talk")}</th><th>${t("stat.average")}</th><th>${costHead}</th>`;
  const scope = extensionList(filters.extensions)?.join(", ") || t("stat.allExtensions");

  return html`<section class="page" data-shown-query=${shownQuery ?? undefined}>
    <div class="page-head">
      <h1>${t("stat.title")}</h1>
      <a class="button" data-action="export-statistics" href=${`${API_BASE}/billing/statistics/export.csv?${statisticsQuery(filters)}`} download="billing-statistics.csv">${t("bill.downloadCsv")}</a>
    </div>
    <form class="filters" data-form="statistics-search" onSubmit=${search}>
      <${TextField} name="from" type="date" label=${t("stat.from")} value=${draft.from} error=${fieldErrors.from} onInput=${set("from")} />
      <${TextField} name="to" type="date" label=${t("stat.to")} value=${draft.to} error=${fieldErrors.to} onInput=${set("to")} />
      <${SelectField} name="by" label=${t("stat.by")} value=${draft.by} options=${PERIODS.map((p) => ({ value: p, label: t(`stat.by.${p}`) }))} onChange=${set("by")} />
      <${TextField} name="extensions" label=${t("stat.extensions")} value=${draft.extensions} maxLength=${2000} hint=${t("stat.extensionsHint")} error=${fieldErrors.extensions} onInput=${set("extensions")} />
      <div class="filters-actions"><button type="submit" class="primary" data-action="search-statistics">${t("app.search")}</button></div>
    </form>
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
    ${
      !stats
        ? error
          ? null
          : html`<p>${t("app.loading")}</p>`
        : html`<p class="muted" data-time-zone=${stats.timeZone}>${t("stat.timeZone", { zone: stats.timeZone })}</p>
        <div class="chart-controls"><${SelectField} name="metric" label=${t("stat.chartShows")} value=${metric} options=${METRICS.map((m) => ({ value: m, label: t(METRIC_LABEL[m]) }))} onChange=${(v: string) => setMetric(v as Metric)} /></div>
        <${BarChart}
          id="statistics"
          title=${t("stat.chartTitle", { what: t(METRIC_LABEL[metric]), by: t(`stat.by.${stats.by}`), scope })}
          description=${t("stat.chartDesc", { count: stats.periods.length, from: stats.periods[0]?.period ?? "", to: stats.periods.at(-1)?.period ?? "" })}
          bars=${stats.periods.map((p) => ({ label: p.period, value: p[metric] }))}
          format=${show[metric]}
        />
        <div class="table-wrap"><table class="table stack" data-table="statistics">
          <thead><tr><th>${periodHead}</th>${heads}</tr></thead>
          <tbody>${stats.periods.map(
            (p) =>
              html`<tr key=${p.period} data-period=${p.period}><td class="lead" data-label=${periodHead}>${p.period}</td>${cells(p)}</tr>`,
          )}</tbody>
          <tfoot><tr data-period="total"><th scope="row">${t("stat.total")}</th>${cells(stats.total)}</tr></tfoot>
        </table></div>
        <h2>${t("stat.perExtension")}</h2>
        ${
          stats.extensions.length === 0
            ? html`<p class="muted" data-empty="statistics">${t("stat.empty")}</p>`
            : html`<div class="table-wrap"><table class="table stack" data-table="statistics-extensions">
          <thead><tr><th>${t("bill.extension")}</th><th>${t("bill.name")}</th>${heads}</tr></thead>
          <tbody>${stats.extensions.map(
            (e) => html`<tr key=${e.extension} data-statistics-extension=${e.extension}>
              <td class="lead" data-label=${t("bill.extension")}>${e.extension}</td>
              <td data-label=${t("bill.name")}>${e.name}</td>${cells(e)}</tr>`,
          )}</tbody>
        </table></div>`
        }`
    }
  </section>`;
}
