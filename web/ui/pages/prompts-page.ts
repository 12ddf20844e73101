// SPEC VOICE-2 (电话 -> 语音文件库 -> 其他自定义语音提示): the operator's custom prompts, as the
// IVR menus and other features name them: upload (MP3 or WAV, progress shown) or record with
// the microphone, play in the
// browser, play on an extension (the box calls the phone and speaks it), download, delete.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { API_BASE } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { AudioUpload } from "../components/audio-upload.ts";
import { PromptRecorder } from "../components/prompt-recorder.ts";
import { refusalText } from "../i18n/error-text.ts";

export interface PromptRow {
  name: string;
  durationMs: number;
  bytes: number;
  source: string;
  createdAt: string;
}

export function PromptsPage() {
  const { t, api } = useApp();
  const [items, setItems] = useState<PromptRow[] | null>(null);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");
  const [playing, setPlaying] = useState<string | null>(null);
  const [extension, setExtension] = useState("");

  const load = useCallback(async () => {
    const r = await api.get<{ items: PromptRow[] }>("/prompts");
    if (r.ok) setItems(r.data.items);
    else setError(t("app.error", { message: r.message }));
  }, [api, t]);
  useEffect(() => void load(), [load]);

  const remove = async (name: string) => {
    if (!confirm(t("app.confirmDelete", { name }))) return;
    const r = await api.delete(`/prompts/${encodeURIComponent(name)}`);
    if (!r.ok) setError(refusalText(r, t) ?? r.message);
    else {
      setError("");
      if (playing === name) setPlaying(null);
      await load();
    }
  };
  const playOn = async (name: string) => {
    setNotice("");
    if (!extension) {
      setError(t("voice.extensionFirst"));
      return;
    }
    const r = await api.post(`/prompts/${encodeURIComponent(name)}/play`, { extension });
    if (!r.ok) setError(refusalText(r, t) ?? r.message);
    else {
      setError("");
      setNotice(t("voice.calling", { extension, name }));
    }
  };
  const audioUrl = (name: string) => `${API_BASE}/prompts/${encodeURIComponent(name)}/audio`;

  return html`<section class="page" data-loaded=${items ? "true" : undefined}>
    <div class="page-head"><h1>${t("voice.prompts")}</h1></div>
    <${AudioUpload} path="/prompts" named=${true} onUploaded=${load} />
    <${PromptRecorder} onSaved=${load} />
    <label class="field field-inline" data-field="play-extension">
      <span class="field-label">${t("voice.playOnExtension")}</span>
      <input name="play-extension" value=${extension} maxLength=${8} inputMode="numeric" placeholder="301" onInput=${(e: Event) => setExtension((e.currentTarget as HTMLInputElement).value)} />
    </label>
    ${error ? html`<p class="form-error" role="alert" data-error="prompts">${error}</p>` : null}
    ${notice ? html`<p class="notice" role="status" data-notice>${notice}</p>` : null}
    ${
      !items
        ? html`<p>${t("app.loading")}</p>`
        : items.length === 0
          ? html`<p class="muted" data-empty="prompts">${t("voice.noPrompts")}</p>`
          : html`<div class="table-wrap"><table class="table stack" data-table="prompts">
            <thead><tr><th>${t("voice.name")}</th><th>${t("voice.duration")}</th><th>${t("voice.source")}</th><th>${t("rec.actions")}</th></tr></thead>
            <tbody>
              ${items.map(
                (p) => html`<tr key=${p.name} data-prompt=${p.name}>
                  <td class="lead" data-label=${t("voice.name")}>${p.name}</td>
                  <td data-label=${t("voice.duration")}>${t("voice.seconds", { s: (p.durationMs / 1000).toFixed(1) })}</td>
                  <td data-label=${t("voice.source")}>${p.source}</td>
                  <td class="actions" data-label=${t("rec.actions")}>
                    <button type="button" data-action="play" onClick=${() => setPlaying(playing === p.name ? null : p.name)}>${t(playing === p.name ? "rec.close" : "rec.play")}</button>
                    <button type="button" data-action="play-on" onClick=${() => playOn(p.name)}>${t("voice.playOn")}</button>
                    <a class="button" data-action="download" href=${audioUrl(p.name)} download=${`${p.name}.wav`}>${t("voice.download")}</a>
                    <button type="button" class="danger" data-action="delete" onClick=${() => remove(p.name)}>${t("app.delete")}</button>
                    ${playing === p.name ? html`<audio controls autoplay preload="auto" src=${audioUrl(p.name)} data-player=${p.name}></audio>` : null}
                  </td>
                </tr>`,
              )}
            </tbody>
          </table></div>`
    }
  </section>`;
}
