// SPEC CALL-5, REP-3 (manual 电话->高级功能->电话会议): the ten conference rooms 90-99 for admins
// and operators: each room's settings (name, guest and admin PIN, dial permission for the
// admin's invitations, wait for the admin, announce joiners, record), who is in it now (read
// every 2 s), muting or removing a participant, and starting or stopping the room's recording
// (listed under Reports > Recordings, conference recordings).
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { CheckField, SelectField, TextField } from "../components/form-fields.ts";
import { useForm } from "../use-form.ts";

const REFRESH_MS = 2000;

interface Participant {
  id: string;
  number: string;
  displayName: string;
  admin: boolean;
  muted: boolean;
  waiting: boolean;
  joinedAt: number;
}

interface Room {
  number: string;
  name: string;
  guestPin: string;
  adminPin: string;
  dialPermission: string;
  waitForAdmin: boolean;
  announceJoiners: boolean;
  record: boolean;
  participants: Participant[];
  recording: boolean;
  started: boolean;
}

type Settings = Omit<Room, "number" | "participants" | "recording" | "started">;

export function ConferenceRoomsPage() {
  const { t, api } = useApp();
  const [rooms, setRooms] = useState<Room[] | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [classes, setClasses] = useState<string[]>([]);
  const load = useCallback(async () => {
    const r = await api.get<{ items: Room[] }>("/conference-rooms");
    if (r.ok) setRooms(r.data.items);
  }, [api]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  useEffect(() => {
    // The admin's dial permission classes; an operator may not read them and types a name.
    void api
      .get<{ items: { name: string }[] }>("/dial-permissions")
      .then((r) => r.ok && setClasses(r.data.items.map((c) => c.name)));
  }, [api]);

  if (!rooms) return html`<p>${t("app.loading")}</p>`;
  const room = rooms.find((r) => r.number === editing);
  return html`<section class="page" data-page="conference-rooms">
    <h1>${t("conf.title")}</h1>
    <p class="muted">${t("conf.hint")}</p>
    <div class="table-wrap"><table class="table stack">
      <thead><tr>
        <th>${t("conf.number")}</th><th>${t("conf.name")}</th><th>${t("conf.options")}</th>
        <th>${t("conf.inRoom")}</th><th></th>
      </tr></thead>
      <tbody>
        ${rooms.map(
          (r) => html`<tr key=${r.number} data-item=${r.number}>
            <td class="lead mono" data-label=${t("conf.number")}>${r.number}</td>
            <td data-label=${t("conf.name")}>${r.name}</td>
            <td data-label=${t("conf.options")}>${optionsText(r, t)}</td>
            <td data-label=${t("conf.inRoom")} data-count=${r.participants.length}>
              ${r.participants.length}${r.recording ? html` <span class="badge">${t("conf.recordingNow")}</span>` : null}
            </td>
            <td class="actions"><button type="button" class="link" onClick=${() => setEditing(r.number)}>${t("app.edit")}</button></td>
          </tr>`,
        )}
      </tbody>
    </table></div>
    ${room ? html`<${RoomPanel} key=${room.number} room=${room} classes=${classes} reload=${load} close=${() => setEditing(null)} />` : null}
  </section>`;
}

function optionsText(r: Room, t: ReturnType<typeof useApp>["t"]): string {
  const on: string[] = [];
  if (r.waitForAdmin) on.push(t("conf.waitForAdmin"));
  if (r.announceJoiners) on.push(t("conf.announceJoiners"));
  if (r.record) on.push(t("conf.record"));
  return on.join(", ");
}

function RoomPanel(props: {
  room: Room;
  classes: string[];
  reload: () => Promise<void>;
  close: () => void;
}) {
  const { t, api } = useApp();
  const { room } = props;
  const form = useForm<Settings>(
    {
      name: room.name,
      guestPin: room.guestPin,
      adminPin: room.adminPin,
      dialPermission: room.dialPermission,
      waitForAdmin: room.waitForAdmin,
      announceJoiners: room.announceJoiners,
      record: room.record,
    },
    t,
  );
  const [saved, setSaved] = useState(false);
  const path = `/conference-rooms/${room.number}`;
  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    const r = await api.put(path, form.values);
    if (!r.ok) {
      form.fail(r);
      return;
    }
    form.clear();
    setSaved(true);
    await props.reload();
  };
  const mute = async (p: Participant) => {
    await api.put(`${path}/participants/${encodeURIComponent(p.id)}/mute`, { muted: !p.muted });
    await props.reload();
  };
  const kick = async (p: Participant) => {
    if (!confirm(t("conf.kickConfirm", { name: p.displayName || p.number }))) return;
    await api.delete(`${path}/participants/${encodeURIComponent(p.id)}`);
    await props.reload();
  };
  const record = async () => {
    await api.put(`${path}/recording`, { recording: !room.recording });
    await props.reload();
  };
  const permissionChoices = [
    { value: "", label: t("conf.dialPermissionNone") },
    ...props.classes.map((c) => ({ value: c, label: c })),
  ];
  const v = form.values;
  return html`<div class="card" data-room=${room.number}>
    <h2>${t("conf.room", { number: room.number })}</h2>
    <h3>${t("conf.participants")}</h3>
    ${
      room.participants.length === 0
        ? html`<p class="muted" data-participants="0">${t("conf.nobody")}</p>`
        : html`<div class="table-wrap"><table class="table stack" data-participants=${room.participants.length}>
          <thead><tr><th>${t("conf.caller")}</th><th>${t("conf.role")}</th><th>${t("conf.state")}</th><th></th></tr></thead>
          <tbody>
            ${room.participants.map(
              (p) => html`<tr key=${p.id} data-participant=${p.number}>
                <td class="lead" data-label=${t("conf.caller")}><span class="mono">${p.number}</span> ${p.displayName}</td>
                <td data-label=${t("conf.role")}>${p.admin ? t("conf.admin") : t("conf.guest")}</td>
                <td data-label=${t("conf.state")} data-state=${p.muted ? "muted" : p.waiting ? "waiting" : "talking"}>
                  ${p.muted ? t("conf.muted") : p.waiting ? t("conf.waiting") : t("conf.talking")}
                </td>
                <td class="actions">
                  <button type="button" class="link" data-action="mute" onClick=${() => mute(p)}>${p.muted ? t("conf.unmute") : t("conf.mute")}</button>
                  <button type="button" class="link danger" data-action="kick" onClick=${() => kick(p)}>${t("conf.kick")}</button>
                </td>
              </tr>`,
            )}
          </tbody>
        </table></div>`
    }
    ${
      room.participants.length > 0
        ? html`<div class="buttons"><button type="button" data-action="recording" onClick=${record}>${room.recording ? t("conf.stopRecording") : t("conf.startRecording")}</button></div>`
        : null
    }
    <form class="form" onSubmit=${save} noValidate data-form="conference-room">
      <${TextField} name="name" label=${t("conf.name")} value=${v.name} maxLength=${64} error=${form.errors.name} onInput=${(x: string) => form.set("name", x)} />
      <${TextField} name="guestPin" label=${t("conf.guestPin")} value=${v.guestPin} inputMode="numeric" error=${form.errors.guestPin} onInput=${(x: string) => form.set("guestPin", x)} />
      <${TextField} name="adminPin" label=${t("conf.adminPin")} value=${v.adminPin} inputMode="numeric" error=${form.errors.adminPin} onInput=${(x: string) => form.set("adminPin", x)} />
      ${
        props.classes.length > 0
          ? html`<${SelectField} name="dialPermission" label=${t("conf.dialPermission")} value=${v.dialPermission} options=${permissionChoices} error=${form.errors.dialPermission} onChange=${(x: string) => form.set("dialPermission", x)} />`
          : html`<${TextField} name="dialPermission" label=${t("conf.dialPermission")} value=${v.dialPermission} error=${form.errors.dialPermission} onInput=${(x: string) => form.set("dialPermission", x)} />`
      }
      <${CheckField} name="waitForAdmin" label=${t("conf.waitForAdmin")} checked=${v.waitForAdmin} onChange=${(x: boolean) => form.set("waitForAdmin", x)} />
      <${CheckField} name="announceJoiners" label=${t("conf.announceJoiners")} checked=${v.announceJoiners} onChange=${(x: boolean) => form.set("announceJoiners", x)} />
      <${CheckField} name="record" label=${t("conf.record")} checked=${v.record} onChange=${(x: boolean) => form.set("record", x)} />
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      ${saved ? html`<p class="muted" role="status">${t("app.saved")}</p>` : null}
      <div class="buttons">
        <button type="submit" class="primary">${t("app.save")}</button>
        <button type="button" onClick=${props.close}>${t("app.cancel")}</button>
      </div>
    </form>
  </div>`;
}
