// SPEC CALL-7 voicemail (电话 -> 高级功能 -> 语音信箱): an extension user sees its own messages,
// newest first, plays each in the browser (which marks it heard), downloads or deletes it.
// Admins and operators pick a mailbox: its settings (voicemail on, e-mail address for the
// notice with the message attached, a new PIN — stored hashed, never shown — the longest
// message, mail on/off) and its messages, the same list the owner sees. Both see the
// mailbox's greetings (voicemail-greetings.ts).
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { API_BASE } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { CheckField, TextField } from "../components/form-fields.ts";
import { MailboxGreetings } from "./voicemail-greetings.ts";

interface Message {
  id: number;
  mailbox: string;
  callerNumber: string;
  callerName: string;
  receivedMs: number;
  durationMs: number;
  status: "new" | "saved";
}

interface Mailbox {
  extension: string;
  enabled: boolean;
  email: string;
  pinSet: boolean;
  maxMessageS: number;
  emailNotify: boolean;
  newMessages: number;
  oldMessages: number;
}

export function VoicemailPage() {
  const { t, me } = useApp();
  const staff = me.role === "admin" || me.role === "operator";
  const [chosen, setChosen] = useState("");
  const [draft, setDraft] = useState("");
  return html`<section class="page">
    <div class="page-head"><h1>${t("vm.title")}</h1></div>
    ${
      staff
        ? html`<form class="filters" data-form="mailbox-pick" onSubmit=${(e: Event) => {
            e.preventDefault();
            setChosen(draft.trim());
          }}>
            <${TextField} name="mailbox" label=${t("vm.mailbox")} value=${draft} maxLength=${20} inputMode="numeric" onInput=${setDraft} />
            <div class="filters-actions"><button type="submit" class="primary" data-action="open-mailbox">${t("vm.open")}</button></div>
          </form>
          ${chosen ? html`<${MailboxSettings} key=${chosen} mailbox=${chosen} /><${MailboxGreetings} key=${`g${chosen}`} mailbox=${chosen} />` : null}`
        : me.extension
          ? html`<${MailboxGreetings} mailbox=${me.extension} />`
          : null
    }
    ${staff && !chosen ? null : html`<${Messages} key=${chosen} mailbox=${staff ? chosen : undefined} />`}
  </section>`;
}

function MailboxSettings(props: { mailbox: string }) {
  const { t, api } = useApp();
  const [box, setBox] = useState<Mailbox | null>(null);
  const [pin, setPin] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  useEffect(() => {
    void api.get<Mailbox>(`/voicemail/mailboxes/${props.mailbox}`).then((r) => {
      if (r.ok) setBox(r.data);
      else setError({ message: t("app.error", { message: r.message }) });
    });
  }, [props.mailbox]);
  if (!box)
    return error
      ? html`<p class="form-error" role="alert" data-error="mailbox">${error.message}</p>`
      : null;
  const save = async (e: Event) => {
    e.preventDefault();
    const r = await api.put<Mailbox>(`/voicemail/mailboxes/${props.mailbox}`, {
      enabled: box.enabled,
      email: box.email,
      maxMessageS: Number(box.maxMessageS),
      emailNotify: box.emailNotify,
      ...(pin ? { pin } : {}),
    });
    if (!r.ok) {
      setError({ field: r.field, message: r.message });
      setNote("");
      return;
    }
    setBox(r.data);
    setPin("");
    setError(null);
    setNote(t("vm.saved"));
  };
  const fieldError = (name: string) => (error?.field === name ? error.message : undefined);
  return html`<form class="card" data-form="mailbox" onSubmit=${save}>
    <h2>${t("vm.settings", { mailbox: box.extension })}</h2>
    <${CheckField} name="enabled" label=${t("vm.enabled")} checked=${box.enabled} onChange=${(v: boolean) => setBox({ ...box, enabled: v })} />
    <${TextField} name="email" type="email" label=${t("vm.email")} value=${box.email} maxLength=${254} error=${fieldError("email")} onInput=${(v: string) => setBox({ ...box, email: v })} />
    <${CheckField} name="emailNotify" label=${t("vm.emailNotify")} checked=${box.emailNotify} onChange=${(v: boolean) => setBox({ ...box, emailNotify: v })} />
    <${TextField} name="pin" type="password" label=${t("vm.pin")} hint=${t("vm.pinHint")} value=${pin} maxLength=${8} inputMode="numeric" error=${fieldError("pin")} onInput=${setPin} />
    <${TextField} name="maxMessageS" type="number" label=${t("vm.maxMessageS")} value=${box.maxMessageS} min=${10} max=${600} error=${fieldError("maxMessageS")} onInput=${(v: string) => setBox({ ...box, maxMessageS: Number(v) })} />
    ${error && !error.field ? html`<p class="form-error" role="alert">${error.message}</p>` : null}
    <div class="form-actions"><button type="submit" class="primary" data-action="save-mailbox">${t("app.save")}</button>${note ? html`<span class="note">${note}</span>` : null}</div>
  </form>`;
}

function Messages(props: { mailbox: string | undefined }) {
  const { t, api, language } = useApp();
  const [items, setItems] = useState<Message[] | null>(null);
  const [playing, setPlaying] = useState<number | null>(null);
  const [error, setError] = useState("");
  const query = props.mailbox ? `?mailbox=${encodeURIComponent(props.mailbox)}` : "";
  const load = async () => {
    const r = await api.get<{ items: Message[] }>(`/voicemail/messages${query}`);
    if (r.ok) setItems(r.data.items);
    else setError(t("app.error", { message: r.message }));
  };
  useEffect(() => {
    void load();
  }, [query]);
  const play = async (m: Message) => {
    setPlaying(playing === m.id ? null : m.id);
    if (m.status === "new") {
      await api.patch(`/voicemail/messages/${m.id}`, { status: "saved" });
      await load();
    }
  };
  const remove = async (m: Message) => {
    if (!confirm(t("vm.confirmDelete", { from: m.callerNumber || t("vm.unknown") }))) return;
    const r = await api.delete(`/voicemail/messages/${m.id}`);
    if (!r.ok) {
      setError(t("app.error", { message: r.message }));
      return;
    }
    if (playing === m.id) setPlaying(null);
    await load();
  };
  const when = (ms: number) => new Date(ms).toLocaleString(language === "zh" ? "zh-CN" : "en");
  const audioUrl = (id: number) => `${API_BASE}/voicemail/messages/${id}/audio`;
  if (error) return html`<p class="form-error" role="alert" data-error="voicemail">${error}</p>`;
  if (!items) return html`<p>${t("app.loading")}</p>`;
  if (items.length === 0) return html`<p class="muted" data-empty="voicemail">${t("vm.empty")}</p>`;
  return html`<div class="table-wrap"><table class="table stack" data-table="voicemail">
    <thead><tr>
      <th>${t("vm.received")}</th><th>${t("vm.caller")}</th><th>${t("vm.duration")}</th>
      <th>${t("vm.status")}</th><th>${t("rec.actions")}</th>
    </tr></thead>
    <tbody>
      ${items.map(
        (m) => html`<tr key=${m.id} data-message=${m.id} data-status=${m.status}>
          <td class="lead" data-label=${t("vm.received")}>${when(m.receivedMs)}</td>
          <td data-label=${t("vm.caller")}>${m.callerName ? `${m.callerName} ` : ""}${m.callerNumber || t("vm.unknown")}</td>
          <td data-label=${t("vm.duration")}>${t("cdr.seconds", { s: Math.round(m.durationMs / 1000) })}</td>
          <td data-label=${t("vm.status")}>${t(m.status === "new" ? "vm.status.new" : "vm.status.saved")}</td>
          <td class="actions" data-label=${t("rec.actions")}>
            <button type="button" data-action="play" onClick=${() => play(m)}>${t(playing === m.id ? "rec.close" : "rec.play")}</button>
            <a class="button" data-action="download" href=${audioUrl(m.id)} download=${`voicemail-${m.id}.wav`}>${t("rec.download")}</a>
            <button type="button" class="danger" data-action="delete" onClick=${() => remove(m)}>${t("app.delete")}</button>
            ${playing === m.id ? html`<audio controls autoplay preload="auto" src=${audioUrl(m.id)} data-player=${m.id}></audio>` : null}
          </td>
        </tr>`,
      )}
    </tbody>
  </table></div>`;
}
