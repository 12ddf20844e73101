// SPEC BILL-4 (manual 2.3 费率): rate rules: enabled, remark, prefix and number length (prefix
// + number; 0 = any), initial fee and time, rate per billing period, the daily active window
// and the extensions the rule applies to (none listed = all). Amounts are typed as decimals
// of the billing currency and sent as minor units. Rules import from and export to CSV (and
// export to .xlsx).
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { API_BASE } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { type Item, type ResourceConfig, ResourcePage } from "../components/resource-page.ts";
import { formatMoney, minutesOf, parseMoney, timeOfDay } from "../money.ts";
import { refusalOf, useBillingSettings } from "./billing-common.ts";

const MONEY = ["initialFeeMinor", "rateMinor"] as const;
const TIMES = ["activeFromMin", "activeToMin"] as const;

function config(digits: number, currency: string): ResourceConfig {
  const money = (x: unknown) => formatMoney(Number(x), digits);
  return {
    path: "/billing/rates",
    kind: "rate",
    title: "bill.ratesTitle",
    add: "bill.addRate",
    empty: "bill.noRates",
    columns: [
      { label: "bill.enabled", value: (i) => (i.enabled ? "✓" : "—") },
      { label: "bill.remark", value: (i) => String(i.remark) },
      { label: "bill.prefix", value: (i) => String(i.prefix) },
      { label: "bill.numberLength", value: (i) => String(i.numberLength) },
      {
        label: "bill.initial",
        value: (i) => `${money(i.initialFeeMinor)} ${currency} / ${i.initialTimeS} s`,
      },
      { label: "bill.rate", value: (i) => `${money(i.rateMinor)} ${currency} / ${i.periodS} s` },
      {
        label: "bill.window",
        value: (i) =>
          i.activeFromMin === i.activeToMin
            ? "00:00–24:00"
            : `${timeOfDay(Number(i.activeFromMin))}–${timeOfDay(Number(i.activeToMin))}`,
      },
      {
        label: "bill.extensions",
        value: (i) =>
          (i.extensions as string[]).length ? (i.extensions as string[]).join(" ") : "*",
      },
    ],
    fields: [
      { name: "enabled", label: "bill.enabled", kind: "check" },
      { name: "remark", label: "bill.remark", kind: "text" },
      { name: "prefix", label: "bill.prefix", kind: "text", hint: "bill.prefixHint" },
      { name: "numberLength", label: "bill.numberLength", kind: "number", hint: "bill.lengthHint" },
      { name: "initialFeeMinor", label: "bill.initialFee", kind: "text" },
      { name: "initialTimeS", label: "bill.initialTime", kind: "number", hint: "bill.initialHint" },
      { name: "rateMinor", label: "bill.rate", kind: "text" },
      { name: "periodS", label: "bill.period", kind: "number", hint: "bill.periodHint" },
      { name: "activeFromMin", label: "bill.start", kind: "text", hint: "bill.windowHint" },
      { name: "activeToMin", label: "bill.end", kind: "text" },
      { name: "extensions", label: "bill.extensions", kind: "lines", hint: "bill.extensionsHint" },
    ],
    defaults: {
      enabled: true,
      remark: "",
      prefix: "",
      numberLength: 0,
      initialFeeMinor: formatMoney(0, digits),
      initialTimeS: 0,
      rateMinor: formatMoney(0, digits),
      periodS: 60,
      activeFromMin: "00:00",
      activeToMin: "00:00",
      extensions: [],
    },
    fromItem: (item: Item) => ({
      ...item,
      ...Object.fromEntries(MONEY.map((k) => [k, formatMoney(Number(item[k]), digits)])),
      ...Object.fromEntries(TIMES.map((k) => [k, timeOfDay(Number(item[k]))])),
    }),
    // What does not read as an amount or a time is sent as typed: the box refuses it by field.
    toBody: (values) => ({
      ...values,
      ...Object.fromEntries(
        MONEY.map((k) => [k, parseMoney(String(values[k]), digits) ?? String(values[k])]),
      ),
      ...Object.fromEntries(
        TIMES.map((k) => [k, minutesOf(String(values[k])) ?? String(values[k])]),
      ),
    }),
  };
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function BillingRatesPage() {
  const { t, api } = useApp();
  const settings = useBillingSettings();
  const [generation, setGeneration] = useState(0);
  const [note, setNote] = useState("");
  const [error, setError] = useState("");
  const [replace, setReplace] = useState(false);
  if (!settings) return html`<p>${t("app.loading")}</p>`;

  const importFile = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    // A spreadsheet goes as it is; CSV as text.
    const r = /\.xlsx$/i.test(file.name)
      ? await api.upload<{ added: number }>(
          `/billing/rates/import.xlsx${replace ? "?replace=true" : ""}`,
          file.type ? file : new Blob([file], { type: XLSX_TYPE }),
        )
      : await api.post<{ added: number }>("/billing/rates/import", {
          csv: await file.text(),
          replace,
        });
    input.value = "";
    setNote(r.ok ? t("bill.imported", { count: r.data.added }) : "");
    setError(r.ok ? "" : refusalOf(t, r));
    if (r.ok) setGeneration((g) => g + 1);
  };

  return html`<div data-view-part="rates">
    <div class="toolbar rate-files">
      <label class="button">${t("bill.importCsv")}<input type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" hidden data-action="import-rates" onChange=${importFile} /></label>
      <label class="field-inline"><input type="checkbox" checked=${replace} onChange=${(e: Event) => setReplace((e.currentTarget as HTMLInputElement).checked)} /> ${t("bill.replace")}</label>
      <a class="button" href=${`${API_BASE}/billing/rates/export.csv`} download="rates.csv" data-action="export-rates-csv">${t("bill.exportCsv")}</a>
      <a class="button" href=${`${API_BASE}/billing/rates/export.xlsx`} download="rates.xlsx">${t("bill.exportXlsx")}</a>
    </div>
    ${note ? html`<p class="note" role="status">${note}</p>` : null}
    ${error ? html`<p class="form-error" role="alert" data-error="rates">${error}</p>` : null}
    <${ResourcePage} key=${generation} config=${config(settings.minorDigits, settings.currency)} />
  </div>`;
}
