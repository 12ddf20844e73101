// SPEC VOICE-1 (电话 -> 语音文件库 -> 通话保持音乐): music on hold is kept in classes (folders),
// each with a play mode (random or in order) and its files. The operator adds a class, picks
// one to see its files, uploads MP3 or WAV into it (progress shown), plays a file in the
// browser, downloads or deletes it, changes the play mode, and deletes a class no one uses.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { API_BASE } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { AudioUpload } from "../components/audio-upload.ts";
import { SelectField, TextField } from "../components/form-fields.ts";
import { refusalText } from "../i18n/error-text.ts";
import type { PromptRow } from "./prompts-page.ts";

const PLAY_MODES = ["random", "in-order"] as const;

interface MohClassRow {
  name: string;
  playMode: (typeof PLAY_MODES)[number];
  fileCount: number;
  durationMs: number;
}

export function MohPage() {
  const { t, api } = useApp();
  const [classes, setClasses] = useState<MohClassRow[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [files, setFiles] = useState<PromptRow[] | null>(null);
  const [draft, setDraft] = useState({ name: "", playMode: "random" as MohClassRow["playMode"] });
  const [fieldError, setFieldError] = useState("");
  const [error, setError] = useState("");
  const [playing, setPlaying] = useState<string | null>(null);

  const loadClasses = useCallback(async () => {
    const r = await api.get<{ items: MohClassRow[] }>("/moh-classes");
    if (r.ok) {
      setClasses(r.data.items);
      setChosen((c) => c ?? r.data.items[0]?.name ?? null);
    } else setError(t("app.error", { message: r.message }));
  }, [api, t]);
  const loadFiles = useCallback(async () => {
    if (!chosen) return setFiles(null);
    const r = await api.get<{ items: PromptRow[] }>(`/moh-classes/${chosen}/files`);
    if (r.ok) setFiles(r.data.items);
    else setError(t("app.error", { message: r.message }));
  }, [api, chosen, t]);
  useEffect(() => void loadClasses(), [loadClasses]);
  useEffect(() => void loadFiles(), [loadFiles]);
  const reload = async () => {
    await loadClasses();
    await loadFiles();
  };

  const addClass = async (e: Event) => {
    e.preventDefault();
    const r = await api.post<MohClassRow>("/moh-classes", draft);
    if (!r.ok) {
      setFieldError(refusalText(r, t) ?? r.message);
      return;
    }
    setFieldError("");
    setDraft({ name: "", playMode: "random" });
    setChosen(r.data.name);
    await loadClasses();
  };
  const setMode = async (cls: MohClassRow, playMode: string) => {
    const r = await api.patch(`/moh-classes/${cls.name}`, { playMode });
    if (!r.ok) setError(refusalText(r, t) ?? r.message);
    await loadClasses();
  };
  const removeClass = async (name: string) => {
    if (!confirm(t("app.confirmDelete", { name }))) return;
    const r = await api.delete(`/moh-classes/${name}`);
    if (!r.ok) return setError(refusalText(r, t) ?? r.message);
    setError("");
    if (chosen === name) setChosen(null);
    await loadClasses();
  };
  const removeFile = async (name: string) => {
    if (!confirm(t("app.confirmDelete", { name }))) return;
    const r = await api.delete(`/moh-classes/${chosen}/files/${encodeURIComponent(name)}`);
    if (!r.ok) return setError(refusalText(r, t) ?? r.message);
    setError("");
    await reload();
  };
  const audioUrl = (name: string) =>
    `${API_BASE}/moh-classes/${chosen}/files/${encodeURIComponent(name)}/audio`;
  const current = classes?.find((c) => c.name === chosen);

  return html`<section class="page" data-loaded=${files ? chosen : undefined}>
    <div class="page-head"><h1>${t("voice.moh")}</h1></div>
    <form class="filters" data-form="moh-class" onSubmit=${addClass}>
      <${TextField} name="name" label=${t("voice.className")} value=${draft.name} maxLength=${32} error=${fieldError || undefined} onInput=${(v: string) => setDraft((d) => ({ ...d, name: v }))} />
      <${SelectField}
        name="playMode"
        label=${t("voice.playMode")}
        value=${draft.playMode}
        options=${PLAY_MODES.map((m) => ({ value: m, label: t(`voice.playMode.${m}`) }))}
        onChange=${(v: string) => setDraft((d) => ({ ...d, playMode: v as MohClassRow["playMode"] }))}
      />
      <div class="filters-actions"><button type="submit" class="primary" data-action="add-class">${t("voice.addClass")}</button></div>
    </form>
    ${error ? html`<p class="form-error" role="alert" data-error="moh">${error}</p>` : null}
    ${
      !classes
        ? html`<p>${t("app.loading")}</p>`
        : html`<div class="table-wrap"><table class="table stack" data-table="moh-classes">
          <thead><tr><th>${t("voice.className")}</th><th>${t("voice.playMode")}</th><th>${t("voice.files")}</th><th>${t("rec.actions")}</th></tr></thead>
          <tbody>
            ${classes.map(
              (
                c,
              ) => html`<tr key=${c.name} data-class=${c.name} class=${c.name === chosen ? "selected" : ""}>
                <td class="lead" data-label=${t("voice.className")}><button type="button" class="link" data-action="open-class" onClick=${() => setChosen(c.name)}>${c.name}</button></td>
                <td data-label=${t("voice.playMode")}>
                  <select name="class-play-mode" value=${c.playMode} onChange=${(e: Event) => setMode(c, (e.currentTarget as HTMLSelectElement).value)}>
                    ${PLAY_MODES.map((m) => html`<option value=${m}>${t(`voice.playMode.${m}`)}</option>`)}
                  </select>
                </td>
                <td data-label=${t("voice.files")} data-count>${c.fileCount}</td>
                <td class="actions" data-label=${t("rec.actions")}><button type="button" class="danger" data-action="delete-class" onClick=${() => removeClass(c.name)}>${t("app.delete")}</button></td>
              </tr>`,
            )}
          </tbody>
        </table></div>`
    }
    ${
      current
        ? html`<h2 data-files-of=${current.name}>${t("voice.filesOf", { name: current.name })}</h2>
          <${AudioUpload} key=${current.name} path=${`/moh-classes/${current.name}/files`} onUploaded=${reload} />
          ${
            !files
              ? html`<p>${t("app.loading")}</p>`
              : files.length === 0
                ? html`<p class="muted" data-empty="moh-files">${t("voice.noFiles")}</p>`
                : html`<div class="table-wrap"><table class="table stack" data-table="moh-files">
                  <thead><tr><th>${t("voice.name")}</th><th>${t("voice.duration")}</th><th>${t("voice.source")}</th><th>${t("rec.actions")}</th></tr></thead>
                  <tbody>
                    ${files.map(
                      (f) => html`<tr key=${f.name} data-file=${f.name}>
                        <td class="lead" data-label=${t("voice.name")}>${f.name}</td>
                        <td data-label=${t("voice.duration")}>${t("voice.seconds", { s: (f.durationMs / 1000).toFixed(1) })}</td>
                        <td data-label=${t("voice.source")}>${f.source}</td>
                        <td class="actions" data-label=${t("rec.actions")}>
                          <button type="button" data-action="play" onClick=${() => setPlaying(playing === f.name ? null : f.name)}>${t(playing === f.name ? "rec.close" : "rec.play")}</button>
                          <a class="button" data-action="download" href=${audioUrl(f.name)} download=${`${f.name}.wav`}>${t("voice.download")}</a>
                          <button type="button" class="danger" data-action="delete" onClick=${() => removeFile(f.name)}>${t("app.delete")}</button>
                          ${playing === f.name ? html`<audio controls autoplay preload="auto" src=${audioUrl(f.name)} data-player=${f.name}></audio>` : null}
                        </td>
                      </tr>`,
                    )}
                  </tbody>
                </table></div>`
          }`
        : null
    }
  </section>`;
}
