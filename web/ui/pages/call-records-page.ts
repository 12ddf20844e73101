// SPEC REP-1 (报告 -> 通话记录): call records searched by type (outbound, internal, all,
// inbound; all by default), caller, callee, trunk name (partial) and PIN; columns start time,
// caller, callee, final callee, duration, trunk, PIN, type, status, recorded; the same search
// exported as CSV. As the manual says, the trunk filter does not apply to internal calls and
// the PIN filter only to outbound ones: those fields are disabled for the other types.
import { html } from "htm/preact";
import { API_BASE } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { SelectField, TextField } from "../components/form-fields.ts";
import { Pager, usePagedSearch } from "../components/paged-search.ts";

const PAGE_SIZE = 20;
const TYPES = ["outbound", "internal", "all", "inbound"] as const;
type TypeFilter = (typeof TYPES)[number];

export interface CallRecordRow {
  id: number;
  startedAt: string;
  caller: string;
  callerName: string;
  callee: string;
  finalCallee: string;
  durationMs: number;
  trunk: string;
  pin: string;
  type: "inbound" | "outbound" | "internal";
  status: "answered" | "not-answered";
  recorded: boolean;
}

interface Filters {
  type: TypeFilter;
  caller: string;
  callee: string;
  trunk: string;
  pin: string;
}

const NO_FILTERS: Filters = { type: "all", caller: "", callee: "", trunk: "", pin: "" };

/** The query string of a search: empty fields and filters that do not apply are left out. */
export function recordQuery(f: Filters): URLSearchParams {
  const query = new URLSearchParams();
  if (f.type !== "all") query.set("type", f.type);
  if (f.caller) query.set("caller", f.caller);
  if (f.callee) query.set("callee", f.callee);
  if (f.trunk && f.type !== "internal") query.set("trunk", f.trunk);
  if (f.pin && (f.type === "outbound" || f.type === "all")) query.set("pin", f.pin);
  return query;
}

export function CallRecordsPage() {
  const { t, language } = useApp();
  const { draft, set, setDraft, filters, search, page, error, shownQuery, offset, setOffset } =
    usePagedSearch<Filters, { items: CallRecordRow[]; total: number }>({
      initial: NO_FILTERS,
      path: "/cdr",
      query: recordQuery,
      pageSize: PAGE_SIZE,
    });

  const when = (iso: string) => new Date(iso).toLocaleString(language === "zh" ? "zh-CN" : "en");
  const exportQuery = recordQuery(filters).toString();

  return html`<section class="page" data-shown-query=${shownQuery ?? undefined}>
    <div class="page-head">
      <h1>${t("cdr.title")}</h1>
      <div class="toolbar">
        <a class="button" data-action="export-cdr" href=${`${API_BASE}/cdr/export.csv${exportQuery ? `?${exportQuery}` : ""}`} download="call-records.csv">${t("cdr.export")}</a>
      </div>
    </div>
    <form class="filters" data-form="cdr-search" onSubmit=${search}>
      <${SelectField}
        name="type"
        label=${t("cdr.type")}
        value=${draft.type}
        options=${TYPES.map((v) => ({ value: v, label: t(`cdr.type.${v}`) }))}
        onChange=${(v: string) => setDraft((d) => ({ ...d, type: v as TypeFilter }))}
      />
      <${TextField} name="caller" label=${t("cdr.caller")} value=${draft.caller} maxLength=${32} onInput=${set("caller")} />
      <${TextField} name="callee" label=${t("cdr.callee")} value=${draft.callee} maxLength=${32} onInput=${set("callee")} />
      <${TextField}
        name="trunk"
        label=${t("cdr.trunk")}
        value=${draft.trunk}
        maxLength=${64}
        readOnly=${draft.type === "internal"}
        placeholder=${t("cdr.trunkHint")}
        hint=${draft.type === "internal" ? t("cdr.trunkNotInternal") : undefined}
        onInput=${set("trunk")}
      />
      <${TextField}
        name="pin"
        label=${t("cdr.pin")}
        value=${draft.pin}
        maxLength=${16}
        inputMode="numeric"
        readOnly=${draft.type === "internal" || draft.type === "inbound"}
        hint=${draft.type === "internal" || draft.type === "inbound" ? t("cdr.pinOutboundOnly") : undefined}
        onInput=${set("pin")}
      />
      <div class="filters-actions"><button type="submit" class="primary" data-action="search-cdr">${t("app.search")}</button></div>
    </form>
    ${error ? html`<p class="form-error" role="alert" data-error="cdr">${error}</p>` : null}
    ${
      !page
        ? error
          ? null
          : html`<p>${t("app.loading")}</p>`
        : page.items.length === 0
          ? html`<p class="muted" data-empty="cdr">${t("cdr.empty")}</p>`
          : html`<div class="table-wrap"><table class="table stack" data-table="cdr">
            <thead><tr>
              <th>${t("cdr.startedAt")}</th><th>${t("cdr.caller")}</th><th>${t("cdr.callee")}</th>
              <th>${t("cdr.finalCallee")}</th><th>${t("cdr.duration")}</th><th>${t("cdr.trunk")}</th>
              <th>${t("cdr.pin")}</th><th>${t("cdr.type")}</th><th>${t("cdr.status")}</th><th>${t("cdr.recorded")}</th>
            </tr></thead>
            <tbody>
              ${page.items.map(
                (r) => html`<tr key=${r.id} data-record=${r.id}>
                  <td class="lead" data-label=${t("cdr.startedAt")}>${when(r.startedAt)}</td>
                  <td data-label=${t("cdr.caller")} title=${r.callerName}>${r.caller}</td>
                  <td data-label=${t("cdr.callee")}>${r.callee}</td>
                  <td data-label=${t("cdr.finalCallee")}>${r.finalCallee}</td>
                  <td data-label=${t("cdr.duration")}>${t("cdr.seconds", { s: Math.round(r.durationMs / 1000) })}</td>
                  <td data-label=${t("cdr.trunk")} data-trunk>${r.trunk}</td>
                  <td class="mono" data-label=${t("cdr.pin")} data-pin>${r.pin}</td>
                  <td data-label=${t("cdr.type")} data-type=${r.type}>${t(`cdr.type.${r.type}`)}</td>
                  <td data-label=${t("cdr.status")}>${t(r.status === "answered" ? "cdr.answered" : "cdr.notAnswered")}</td>
                  <td data-label=${t("cdr.recorded")}>${t(r.recorded ? "app.yes" : "app.no")}</td>
                </tr>`,
              )}
            </tbody>
          </table></div>
          <${Pager} offset=${offset} pageSize=${PAGE_SIZE} total=${page.total} onOffset=${setOffset} />`
    }
  </section>`;
}
