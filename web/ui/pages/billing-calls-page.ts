// SPEC BILL-6 (manual 2.5 通话记录): the extensions' outbound calls with what each cost: time,
// extension, the number dialled (outbound prefix included), talk time, trunk and cost, in the
// box's currency; searched by a time range and the extension's number or name (plus part of
// the number and of the trunk's name), with the search's total, and downloaded as CSV.
import { html } from "htm/preact";
import { API_BASE } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { TextField } from "../components/form-fields.ts";
import { Pager, usePagedSearch } from "../components/paged-search.ts";
import { formatTalk } from "../format.ts";
import { formatMoney } from "../money.ts";
import { refusalOf, useBillingSettings } from "./billing-common.ts";

const PAGE_SIZE = 20;

interface BilledCall {
  chargeId: number;
  atMs: number;
  extension: string;
  name: string;
  number: string;
  talkS: number | null;
  trunk: string;
  costMinor: number;
}

interface CallPage {
  items: BilledCall[];
  total: number;
  totalTalkS: number;
  totalCostMinor: number;
}

interface Filters {
  keyword: string;
  number: string;
  trunk: string;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { keyword: "", number: "", trunk: "", from: "", to: "" };

/** The query string of a search (datetime-local values as ISO 8601, the browser's zone). */
function callQuery(f: Filters): URLSearchParams {
  const query = new URLSearchParams();
  if (f.keyword) query.set("keyword", f.keyword);
  if (f.number) query.set("number", f.number);
  if (f.trunk) query.set("trunk", f.trunk);
  if (f.from) query.set("from", new Date(f.from).toISOString());
  if (f.to) query.set("to", new Date(f.to).toISOString());
  return query;
}

export function BillingCallsPage() {
  const { t, language } = useApp();
  const settings = useBillingSettings();
  const { draft, set, filters, search, page, error, shownQuery, offset, setOffset } =
    usePagedSearch<Filters, CallPage>({
      initial: NO_FILTERS,
      path: "/billing/calls",
      query: callQuery,
      pageSize: PAGE_SIZE,
      failure: (r) => refusalOf(t, r),
    });

  if (!settings) return html`<p>${t("app.loading")}</p>`;
  const money = (minor: number) => formatMoney(minor, settings.minorDigits);
  const when = (ms: number) => new Date(ms).toLocaleString(language === "zh" ? "zh-CN" : "en");
  const exportQuery = callQuery(filters).toString();
  const costHead = t("bcall.cost", { currency: settings.currency });

  return html`<section class="page" data-shown-query=${shownQuery ?? undefined}>
    <div class="page-head">
      <h1>${t("bcall.title")}</h1>
      <a class="button" data-action="export-billed-calls" href=${`${API_BASE}/billing/calls/export.csv${exportQuery ? `?${exportQuery}` : ""}`} download="billed-calls.csv">${t("bill.downloadCsv")}</a>
    </div>
    <form class="filters" data-form="billed-calls-search" onSubmit=${search}>
      <${TextField} name="from" type="datetime-local" label=${t("bill.from")} value=${draft.from} onInput=${set("from")} />
      <${TextField} name="to" type="datetime-local" label=${t("bill.to")} value=${draft.to} onInput=${set("to")} />
      <${TextField} name="keyword" label=${t("bill.searchExt")} value=${draft.keyword} maxLength=${40} onInput=${set("keyword")} />
      <${TextField} name="number" label=${t("bcall.number")} value=${draft.number} maxLength=${32} hint=${t("bcall.numberHint")} onInput=${set("number")} />
      <${TextField} name="trunk" label=${t("bcall.trunk")} value=${draft.trunk} maxLength=${64} onInput=${set("trunk")} />
      <div class="filters-actions"><button type="submit" class="primary" data-action="search-billed-calls">${t("app.search")}</button></div>
    </form>
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
    ${
      !page
        ? error
          ? null
          : html`<p>${t("app.loading")}</p>`
        : html`<p class="summary" data-total=${page.total} data-total-cost=${page.totalCostMinor}>${t("bcall.total", { count: page.total, talk: formatTalk(page.totalTalkS), cost: `${money(page.totalCostMinor)} ${settings.currency}` })}</p>
        ${
          page.items.length === 0
            ? html`<p class="muted" data-empty="billed-calls">${t("bcall.empty")}</p>`
            : html`<div class="table-wrap"><table class="table stack" data-table="billed-calls">
            <thead><tr>
              <th>${t("bill.time")}</th><th>${t("bill.extension")}</th><th>${t("bill.name")}</th>
              <th>${t("bcall.number")}</th><th>${t("bcall.talk")}</th><th>${t("bcall.trunk")}</th><th>${costHead}</th>
            </tr></thead>
            <tbody>${page.items.map(
              (
                c,
              ) => html`<tr key=${c.chargeId} data-billed-call=${c.chargeId} data-extension=${c.extension}>
                <td class="lead" data-label=${t("bill.time")}>${when(c.atMs)}</td>
                <td data-label=${t("bill.extension")}>${c.extension}</td>
                <td data-label=${t("bill.name")}>${c.name}</td>
                <td class="mono" data-label=${t("bcall.number")} data-number>${c.number}</td>
                <td data-label=${t("bcall.talk")} data-talk>${c.talkS === null ? "—" : formatTalk(c.talkS)}</td>
                <td data-label=${t("bcall.trunk")} data-trunk>${c.trunk}</td>
                <td data-label=${costHead} data-cost>${money(c.costMinor)}</td>
              </tr>`,
            )}</tbody>
          </table></div>
          <${Pager} offset=${offset} pageSize=${PAGE_SIZE} total=${page.total} onOffset=${setOffset} />`
        }`
    }
  </section>`;
}
