// System > System log (admin): the box's recent log lines searched by lowest level, part of
// the box and text, read again every few seconds while wanted; the kept files downloaded; and
// the level the box logs at, changed at once (until the next start).
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { API_BASE } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { CheckField, SelectField, TextField } from "../components/form-fields.ts";

const LEVELS = ["debug", "info", "warn", "error"] as const;
type Level = (typeof LEVELS)[number];
const FOLLOW_MS = 3_000;
const SHOWN_LINES = 300;

interface LogLine {
  time: string;
  level: Level;
  category: string;
  message: string;
  [field: string]: unknown;
}

interface Filters {
  level: Level;
  category: string;
  q: string;
}

function logQuery(f: Filters): string {
  const query = new URLSearchParams({ level: f.level, limit: String(SHOWN_LINES) });
  if (f.category.trim()) query.set("category", f.category.trim());
  if (f.q.trim()) query.set("q", f.q.trim());
  return query.toString();
}

/** What a line says besides its time, level, part and message, as key=value. */
function details(line: LogLine): string {
  const { time: _t, level: _l, category: _c, message: _m, ...rest } = line;
  return Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
}

export function LogsPage() {
  const { t, api } = useApp();
  const [filters, setFilters] = useState<Filters>({ level: "debug", category: "", q: "" });
  const [lines, setLines] = useState<LogLine[] | null>(null);
  const [level, setLevel] = useState<Level | null>(null);
  const [follow, setFollow] = useState(true);
  const [error, setError] = useState("");

  const load = useCallback(async () => {
    const r = await api.get<{ level: Level; lines: LogLine[] }>(`/logs?${logQuery(filters)}`);
    if (!r.ok) {
      setError(t("app.error", { message: r.message }));
      return;
    }
    setError("");
    setLines(r.data.lines);
    setLevel(r.data.level);
  }, [api, filters, t]);

  useEffect(() => {
    void load();
    if (!follow) return;
    const timer = setInterval(() => void load(), FOLLOW_MS);
    return () => clearInterval(timer);
  }, [load, follow]);

  const changeLevel = async (next: string) => {
    const r = await api.put<{ level: Level }>("/logs/level", { level: next });
    if (r.ok) {
      setLevel(r.data.level);
      void load();
    } else setError(t("app.error", { message: r.message }));
  };
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const levelChoices = LEVELS.map((l) => ({ value: l, label: t(`logs.level.${l}`) }));

  return html`<section class="page" data-ready=${lines !== null ? "" : undefined}>
    <div class="page-head">
      <h1>${t("logs.title")}</h1>
      <a class="button" href=${`${API_BASE}/logs/download`} download data-action="download-log">${t("logs.download")}</a>
    </div>
    <div class="card form" data-section="log-level">
      ${
        level
          ? html`<${SelectField} name="boxLevel" label=${t("logs.boxLevel")} value=${level} hint=${t("logs.boxLevelHint")} options=${levelChoices} onChange=${(x: string) => void changeLevel(x)} />`
          : null
      }
    </div>
    <form class="filters" data-section="log-filters" onSubmit=${(e: Event) => {
      e.preventDefault();
      void load();
    }}>
      <${SelectField} name="level" label=${t("logs.from")} value=${filters.level} options=${levelChoices} onChange=${(x: string) => set({ level: x as Level })} />
      <${TextField} name="category" label=${t("logs.category")} value=${filters.category} placeholder="sip" onInput=${(x: string) => set({ category: x })} />
      <${TextField} name="q" label=${t("logs.text")} value=${filters.q} onInput=${(x: string) => set({ q: x })} />
      <${CheckField} name="follow" label=${t("logs.follow")} checked=${follow} onChange=${setFollow} />
    </form>
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
    ${
      lines === null
        ? html`<p>${t("app.loading")}</p>`
        : lines.length === 0
          ? html`<p class="muted" data-empty>${t("logs.none")}</p>`
          : html`<div class="table-wrap"><table class="table log-lines">
            <thead><tr><th>${t("logs.time")}</th><th>${t("logs.levelColumn")}</th><th>${t("logs.category")}</th><th>${t("logs.message")}</th></tr></thead>
            <tbody>
              ${lines.map(
                (
                  line,
                  i,
                ) => html`<tr key=${`${line.time}-${i}`} data-level=${line.level} data-category=${line.category}>
                  <td class="nowrap">${new Date(line.time).toLocaleString()}</td>
                  <td><span class=${`badge level-${line.level}`}>${t(`logs.level.${line.level}`)}</span></td>
                  <td>${line.category}</td>
                  <td><span class="log-message">${line.message}</span> <small class="muted">${details(line)}</small></td>
                </tr>`,
              )}
            </tbody>
          </table></div>`
    }
  </section>`;
}
