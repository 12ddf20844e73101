// SPEC VOICE-1, VOICE-2: an MP3 or WAV upload with its progress shown as it goes, and the box's
// refusal (not audio, too large, a name taken) beside it. The box converts what it takes to
// 8 kHz mono; the page only sends the file.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import type { ApiResult } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { refusalText } from "../i18n/error-text.ts";

export function AudioUpload(props: {
  /** The API path to POST the multipart form to. */
  path: string;
  /** Offer a name field (custom prompts); else the file's own name is used. */
  named?: boolean;
  onUploaded(): void;
}) {
  const { t, api } = useApp();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState("");
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState("");

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file) {
      setError(t("voice.chooseFile"));
      return;
    }
    const form = new FormData();
    form.set("file", file);
    if (props.named && name) form.set("name", name);
    setError("");
    setSent(0);
    const r: ApiResult<unknown> = await api.upload(props.path, form, setSent);
    if (!r.ok) {
      setSent(null);
      setError(refusalText(r, t) ?? r.message);
      return;
    }
    (e.target as HTMLFormElement).reset();
    setFile(null);
    setName("");
    props.onUploaded();
  };

  return html`<form class="upload" data-form="upload" onSubmit=${submit}>
    <label class="field" data-field="file">
      <span class="field-label">${t("voice.file")}</span>
      <input type="file" name="file" accept=".mp3,.wav,audio/mpeg,audio/wav" onChange=${(e: Event) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
      <small class="field-hint">${t("voice.formats")}</small>
    </label>
    ${
      props.named
        ? html`<label class="field" data-field="name">
            <span class="field-label">${t("voice.name")}</span>
            <input name="name" value=${name} maxLength=${32} placeholder=${t("voice.nameHint")} onInput=${(e: Event) => setName((e.currentTarget as HTMLInputElement).value)} />
          </label>`
        : null
    }
    <div class="filters-actions">
      <button type="submit" class="primary" data-action="upload" disabled=${sent !== null && sent < 1}>${t("voice.upload")}</button>
      ${sent !== null ? html`<progress data-progress max="1" value=${sent}></progress><span data-sent>${Math.round(sent * 100)} %</span>` : null}
    </div>
    ${error ? html`<p class="form-error" role="alert" data-error="upload">${error}</p>` : null}
  </form>`;
}
