// SPEC CALL-7 greetings on the voicemail page: for each greeting a caller can hear (no answer
// or unreachable: "unavailable"; busy), whether one is recorded or the built-in prompts play,
// an upload (MP3 or WAV, progress shown; the box converts it to 8 kHz mono, as voice files),
// play in the page and delete (the built-in greeting again). The owner sees its own mailbox's,
// staff any mailbox's. *61# 2 records the same greetings by phone.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { API_BASE } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { AudioUpload } from "../components/audio-upload.ts";

type Kind = "unavailable" | "busy";
const KINDS: readonly Kind[] = ["unavailable", "busy"];

interface GreetingFlags {
  busyGreeting: boolean;
  unavailableGreeting: boolean;
}

export function MailboxGreetings(props: { mailbox: string }) {
  const { t, api } = useApp();
  const [flags, setFlags] = useState<GreetingFlags | null>(null);
  const [playing, setPlaying] = useState<Kind | null>(null);
  // Bumped on every change, so the player fetches the greeting that is there now.
  const [version, setVersion] = useState(0);
  const [error, setError] = useState("");
  const base = `/voicemail/mailboxes/${encodeURIComponent(props.mailbox)}/greetings`;
  const load = async () => {
    const r = await api.get<GreetingFlags>(`/voicemail/mailboxes/${props.mailbox}`);
    if (r.ok) setFlags(r.data);
    else setError(t("app.error", { message: r.message }));
    setVersion((v) => v + 1);
  };
  useEffect(() => {
    void load();
  }, [props.mailbox]);
  const remove = async (kind: Kind) => {
    if (!confirm(t("vm.greeting.confirmDelete", { kind: t(`vm.greeting.${kind}`) }))) return;
    const r = await api.delete(`${base}/${kind}`);
    if (!r.ok) {
      setError(t("app.error", { message: r.message }));
      return;
    }
    if (playing === kind) setPlaying(null);
    setError("");
    await load();
  };
  if (!flags)
    return error
      ? html`<p class="form-error" role="alert" data-error="greetings">${error}</p>`
      : null;
  const recorded = (kind: Kind) =>
    kind === "busy" ? flags.busyGreeting : flags.unavailableGreeting;
  return html`<section class="card" data-section="greetings">
    <h2>${t("vm.greetings")}</h2>
    <p class="muted">${t("vm.greetingsHint")}</p>
    ${error ? html`<p class="form-error" role="alert" data-error="greetings">${error}</p>` : null}
    ${KINDS.map(
      (
        kind,
      ) => html`<div key=${kind} class="greeting" data-greeting=${kind} data-recorded=${recorded(kind) ? "yes" : "no"}>
        <h3>${t(`vm.greeting.${kind}`)}</h3>
        <p data-state>${t(recorded(kind) ? "vm.greeting.recorded" : "vm.greeting.builtIn")}</p>
        ${
          recorded(kind)
            ? html`<div class="actions">
                <button type="button" data-action="play-greeting" onClick=${() => setPlaying(playing === kind ? null : kind)}>${t(playing === kind ? "rec.close" : "rec.play")}</button>
                <button type="button" class="danger" data-action="delete-greeting" onClick=${() => remove(kind)}>${t("app.delete")}</button>
              </div>
              ${playing === kind ? html`<audio key=${version} controls autoplay preload="auto" src=${`${API_BASE}${base}/${kind}/audio?v=${version}`} data-player=${kind}></audio>` : null}`
            : null
        }
        <${AudioUpload} path=${`${base}/${kind}`} onUploaded=${load} />
      </div>`,
    )}
  </section>`;
}
