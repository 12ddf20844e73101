// SPEC BILL-5 (manual 2.4 充值记录): every top-up with its time, balance before, amount and
// balance after; searched by a keyword (extension number or name) and a time range, and
// downloaded as CSV.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { API_BASE } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { TextField } from "../components/form-fields.ts";
import { formatMoney } from "../money.ts";
import { refusalOf, useBillingSettings } from "./billing-common.ts";

interface TopUp {
  id: number;
  extension: string;
  name: string;
  atMs: number;
  balanceBeforeMinor: number;
  amountMinor: number;
  balanceAfterMinor: number;
  byAccount: string;
}

/** A datetime-local value as ISO 8601, in the browser's zone. */
const iso = (local: string) => (local ? new Date(local).toISOString() : "");

export function BillingTopUpsPage() {
  const { t, api } = useApp();
  const settings = useBillingSettings();
  const [keyword, setKeyword] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [rows, setRows] = useState<{ items: TopUp[]; total: number } | null>(null);
  const [error, setError] = useState("");

  const query = new URLSearchParams();
  if (keyword) query.set("keyword", keyword);
  if (from) query.set("from", iso(from));
  if (to) query.set("to", iso(to));
  const load = useCallback(async () => {
    const r = await api.get<{ items: TopUp[]; total: number }>(
      `/billing/top-ups?${query}&limit=500`,
    );
    if (r.ok) setRows(r.data);
    setError(r.ok ? "" : refusalOf(t, r));
  }, [api, keyword, from, to]);
  useEffect(() => void load(), [load]);

  if (!settings || !rows) return html`<p>${error || t("app.loading")}</p>`;
  const money = (m: number) => formatMoney(m, settings.minorDigits);
  return html`<section class="page">
    <div class="page-head">
      <h1>${t("bill.topUpsTitle")}</h1>
      <a class="button" href=${`${API_BASE}/billing/top-ups/export.csv?${query}`} download="top-ups.csv" data-action="export-top-ups">${t("bill.downloadCsv")}</a>
    </div>
    <form class="search form-grid" onSubmit=${(e: Event) => e.preventDefault()}>
      <${TextField} name="keyword" label=${t("bill.searchExt")} value=${keyword} onInput=${setKeyword} />
      <${TextField} name="from" type="datetime-local" label=${t("bill.from")} value=${from} onInput=${setFrom} />
      <${TextField} name="to" type="datetime-local" label=${t("bill.to")} value=${to} onInput=${setTo} />
    </form>
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
    <p class="muted">${t("bill.records", { count: rows.total })}</p>
    ${
      rows.items.length === 0
        ? html`<p class="muted">${t("bill.noTopUps")}</p>`
        : html`<div class="table-wrap"><table class="table stack" data-table="top-ups">
      <thead><tr><th>${t("bill.time")}</th><th>${t("bill.extension")}</th><th>${t("bill.name")}</th><th>${t("bill.before")}</th><th>${t("bill.amount")}</th><th>${t("bill.after")}</th></tr></thead>
      <tbody>${rows.items.map(
        (r) => html`<tr key=${r.id} data-top-up=${r.extension}>
          <td class="lead" data-label=${t("bill.time")}>${new Date(r.atMs).toLocaleString()}</td>
          <td data-label=${t("bill.extension")}>${r.extension}</td>
          <td data-label=${t("bill.name")}>${r.name}</td>
          <td data-label=${t("bill.before")}>${money(r.balanceBeforeMinor)}</td>
          <td data-label=${t("bill.amount")}>${money(r.amountMinor)}</td>
          <td data-label=${t("bill.after")}>${money(r.balanceAfterMinor)}</td>
        </tr>`,
      )}</tbody>
    </table></div>`
    }
  </section>`;
}
