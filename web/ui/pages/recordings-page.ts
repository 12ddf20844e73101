// SPEC REP-2..4 (报告 -> 通话录音: 通话录音, 会议录音, 一键录音): the box's recordings of one
// kind, searched by extension (staff only: an extension user sees only its own), the other
// party's number (part of it), direction and a date range; each row plays in the browser,
// downloads as WAV and, for admins and operators, is deleted after a confirmation.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { API_BASE } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { SelectField, TextField } from "../components/form-fields.ts";
import { Pager, usePagedSearch } from "../components/paged-search.ts";

const PAGE_SIZE = 20;
const KINDS = ["call", "conference", "one-touch"] as const;
const DIRECTIONS = ["all", "inbound", "outbound", "internal"] as const;
type Kind = (typeof KINDS)[number];

export interface RecordingRow {
  id: number;
  kind: Kind;
  direction: "inbound" | "outbound" | "internal";
  extensions: string[];
  peerNumber: string;
  startedAt: string;
  durationMs: number;
  bytes: number;
}

interface Filters {
  kind: Kind;
  extension: string;
  peer: string;
  direction: (typeof DIRECTIONS)[number];
  /** yyyy-mm-dd, in the browser's time zone; empty for no bound. */
  fromDate: string;
  toDate: string;
}

const NO_FILTERS: Filters = {
  kind: "call",
  extension: "",
  peer: "",
  direction: "all",
  fromDate: "",
  toDate: "",
};

/** The query string of a search: empty fields left out, the day range as instants. */
export function recordingQuery(f: Filters): URLSearchParams {
  const query = new URLSearchParams({ kind: f.kind });
  if (f.extension) query.set("extension", f.extension);
  if (f.peer) query.set("peer", f.peer);
  if (f.direction !== "all") query.set("direction", f.direction);
  if (f.fromDate) query.set("from", new Date(`${f.fromDate}T00:00:00`).toISOString());
  if (f.toDate) {
    const end = new Date(`${f.toDate}T00:00:00`);
    end.setDate(end.getDate() + 1);
    query.set("to", end.toISOString());
  }
  return query;
}

export function RecordingsPage() {
  const { t, api, language, me } = useApp();
  const staff = me.role === "admin" || me.role === "operator";
  const { draft, set, setDraft, search, page, error, shownQuery, offset, setOffset, reload } =
    usePagedSearch<Filters, { items: RecordingRow[]; total: number }>({
      initial: NO_FILTERS,
      path: "/recordings",
      query: recordingQuery,
      pageSize: PAGE_SIZE,
    });
  const [playing, setPlaying] = useState<number | null>(null);
  const [refused, setRefused] = useState("");

  const remove = async (row: RecordingRow) => {
    if (!confirm(t("rec.confirmDelete", { when: when(row.startedAt) }))) return;
    const r = await api.delete(`/recordings/${row.id}`);
    if (!r.ok) {
      setRefused(t("app.error", { message: r.message }));
      return;
    }
    setRefused("");
    if (playing === row.id) setPlaying(null);
    await reload();
  };
  const when = (iso: string) => new Date(iso).toLocaleString(language === "zh" ? "zh-CN" : "en");
  const audioUrl = (id: number) => `${API_BASE}/recordings/${id}/audio`;

  return html`<section class="page" data-shown-query=${shownQuery ?? undefined}>
    <div class="page-head"><h1>${t("rec.title")}</h1></div>
    <form class="filters" data-form="recording-search" onSubmit=${(e: Event) => {
      setPlaying(null);
      search(e);
    }}>
      <${SelectField}
        name="kind"
        label=${t("rec.kind")}
        value=${draft.kind}
        options=${KINDS.map((v) => ({ value: v, label: t(`rec.kind.${v}`) }))}
        onChange=${(v: string) => setDraft((d) => ({ ...d, kind: v as Kind }))}
      />
      ${
        staff
          ? html`<${TextField} name="extension" label=${t("rec.extension")} value=${draft.extension} maxLength=${16} inputMode="numeric" onInput=${set("extension")} />`
          : null
      }
      <${TextField} name="peer" label=${t("rec.peer")} value=${draft.peer} maxLength=${32} placeholder=${t("rec.peerHint")} onInput=${set("peer")} />
      <${SelectField}
        name="direction"
        label=${t("rec.direction")}
        value=${draft.direction}
        options=${DIRECTIONS.map((v) => ({ value: v, label: t(`rec.direction.${v}`) }))}
        onChange=${(v: string) => setDraft((d) => ({ ...d, direction: v as Filters["direction"] }))}
      />
      <${TextField} name="fromDate" type="date" label=${t("rec.fromDate")} value=${draft.fromDate} onInput=${set("fromDate")} />
      <${TextField} name="toDate" type="date" label=${t("rec.toDate")} value=${draft.toDate} onInput=${set("toDate")} />
      <div class="filters-actions"><button type="submit" class="primary" data-action="search-recordings">${t("app.search")}</button></div>
    </form>
    ${error || refused ? html`<p class="form-error" role="alert" data-error="recordings">${error || refused}</p>` : null}
    ${
      !page
        ? error
          ? null
          : html`<p>${t("app.loading")}</p>`
        : page.items.length === 0
          ? html`<p class="muted" data-empty="recordings">${t("rec.empty")}</p>`
          : html`<div class="table-wrap"><table class="table stack" data-table="recordings">
            <thead><tr>
              <th>${t("rec.startedAt")}</th><th>${t("rec.extensions")}</th><th>${t("rec.peer")}</th>
              <th>${t("rec.direction")}</th><th>${t("rec.duration")}</th><th>${t("rec.actions")}</th>
            </tr></thead>
            <tbody>
              ${page.items.map(
                (r) => html`<tr key=${r.id} data-recording=${r.id}>
                  <td class="lead" data-label=${t("rec.startedAt")}>${when(r.startedAt)}</td>
                  <td data-label=${t("rec.extensions")}>${r.extensions.join(", ")}</td>
                  <td data-label=${t("rec.peer")}>${r.peerNumber}</td>
                  <td data-label=${t("rec.direction")}>${t(`rec.direction.${r.direction}`)}</td>
                  <td data-label=${t("rec.duration")}>${t("cdr.seconds", { s: Math.round(r.durationMs / 1000) })}</td>
                  <td class="actions" data-label=${t("rec.actions")}>
                    <button type="button" data-action="play" onClick=${() => setPlaying(playing === r.id ? null : r.id)}>${t(playing === r.id ? "rec.close" : "rec.play")}</button>
                    <a class="button" data-action="download" href=${audioUrl(r.id)} download=${`recording-${r.id}.wav`}>${t("rec.download")}</a>
                    ${staff ? html`<button type="button" class="danger" data-action="delete" onClick=${() => remove(r)}>${t("app.delete")}</button>` : null}
                    ${playing === r.id ? html`<audio controls autoplay preload="auto" src=${audioUrl(r.id)} data-player=${r.id}></audio>` : null}
                  </td>
                </tr>`,
              )}
            </tbody>
          </table></div>
          <${Pager} offset=${offset} pageSize=${PAGE_SIZE} total=${page.total} onOffset=${setOffset} />`
    }
  </section>`;
}
