// SPEC VOICE-2: a custom prompt recorded in the browser with the computer's microphone.
// opus-recorder (the recorder the product names) captures it and its WAV encoder, a worker the
// box serves beside app.js, makes the file; the operator listens to it, names it and saves it,
// and it goes up as an upload does (progress shown), so the box converts it to 8 kHz mono and
// refuses it the same way (a name taken, too long).
import { html } from "htm/preact";
import Recorder from "opus-recorder";
import { useEffect, useRef, useState } from "preact/hooks";
import type { ApiResult } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { refusalText } from "../i18n/error-text.ts";

/** A prompt longer than this is no prompt; the recording stops by itself. */
const MAX_SECONDS = 120;
const WORKER = "/ui/waveWorker.min.js";

type State = "idle" | "starting" | "recording" | "recorded";

export function PromptRecorder(props: { onSaved(): void }) {
  const { t, api } = useApp();
  const [state, setState] = useState<State>("idle");
  const [seconds, setSeconds] = useState(0);
  const [wav, setWav] = useState<Blob | null>(null);
  const [name, setName] = useState("");
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState("");
  const recorder = useRef<Recorder | null>(null);
  const preview = useRef<string>("");

  // A recording left running when the page closes releases the microphone.
  useEffect(
    () => () => {
      void recorder.current?.close();
      if (preview.current) URL.revokeObjectURL(preview.current);
    },
    [],
  );
  useEffect(() => {
    if (state !== "recording") return;
    const started = Date.now();
    const timer = setInterval(() => {
      const s = Math.floor((Date.now() - started) / 1000);
      setSeconds(s);
      if (s >= MAX_SECONDS) void stop();
    }, 250);
    return () => clearInterval(timer);
  }, [state]);

  const start = async () => {
    setError("");
    if (!Recorder.isRecordingSupported()) {
      setError(t("voice.rec.unsupported"));
      return;
    }
    const rec = new Recorder({ encoderPath: WORKER, numberOfChannels: 1, wavBitDepth: 16 });
    rec.ondataavailable = (data) => {
      if (preview.current) URL.revokeObjectURL(preview.current);
      const blob = new Blob([data as Uint8Array<ArrayBuffer>], { type: "audio/wav" });
      preview.current = URL.createObjectURL(blob);
      setWav(blob);
      setState("recorded");
    };
    recorder.current = rec;
    setState("starting");
    setSeconds(0);
    try {
      await rec.start();
      setState("recording");
    } catch {
      // No microphone, or the operator said no to it.
      recorder.current = null;
      setState("idle");
      setError(t("voice.rec.noMicrophone"));
    }
  };
  const stop = async () => {
    await recorder.current?.stop();
    recorder.current = null;
  };
  const save = async (e: Event) => {
    e.preventDefault();
    if (!wav) return;
    const form = new FormData();
    const named =
      name.trim() || `recording-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, "")}`;
    form.set("file", new File([wav], `${named}.wav`, { type: "audio/wav" }));
    form.set("name", named);
    setError("");
    setSent(0);
    const r: ApiResult<unknown> = await api.upload("/prompts", form, setSent);
    setSent(null);
    if (!r.ok) {
      setError(refusalText(r, t) ?? r.message);
      return;
    }
    setWav(null);
    setName("");
    setState("idle");
    props.onSaved();
  };

  return html`<form class="upload" data-form="record" data-state=${state} onSubmit=${save}>
    <div class="filters-actions">
      ${
        state === "recording" || state === "starting"
          ? html`<button type="button" class="danger" data-action="stop-recording" disabled=${state === "starting"} onClick=${stop}>${t("voice.rec.stop")}</button>
              <span class="note" data-recording-seconds=${seconds}>${t("voice.rec.recording", { s: seconds })}</span>`
          : html`<button type="button" data-action="record" onClick=${start}>${t(wav ? "voice.rec.again" : "voice.rec.start")}</button>`
      }
    </div>
    ${
      wav && state === "recorded"
        ? html`<audio controls preload="auto" src=${preview.current} data-preview></audio>
          <label class="field" data-field="record-name">
            <span class="field-label">${t("voice.name")}</span>
            <input name="record-name" value=${name} maxLength=${32} onInput=${(e: Event) => setName((e.currentTarget as HTMLInputElement).value)} />
          </label>
          <div class="filters-actions">
            <button type="submit" class="primary" data-action="save-recording" disabled=${sent !== null}>${t("voice.rec.save")}</button>
            ${sent !== null ? html`<progress data-progress max="1" value=${sent}></progress>` : null}
          </div>`
        : null
    }
    ${error ? html`<p class="form-error" role="alert" data-error="record">${error}</p>` : null}
  </form>`;
}
