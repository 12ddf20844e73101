// SPEC DEV-7, System > Backup: the box backs itself up on a schedule (daily or weekly at a
// time, to the box or the USB stick, keeping the newest N), at once on "back up now", and
// lists what it keeps: each kept backup downloads, is deleted, or is checked for a restore
// (the same dry run as an uploaded file).
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import type { BackupSchedule } from "../../../firmware/backup/backup-schedule.ts";
import type { RestoreCheck } from "../../../firmware/backup/backup-service.ts";
import type { BackupResult } from "../../../firmware/backup/scheduled-backups.ts";
import type { StoredBackup } from "../../../firmware/backup/stored-backups.ts";
import { API_BASE, type ApiFailure } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { FormActions, useSaveForm } from "../components/form-actions.ts";
import { CheckField, SelectField, TextField } from "../components/form-fields.ts";
import { formatBytes } from "../format.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useForm } from "../use-form.ts";

interface ScheduleView {
  schedule: BackupSchedule;
  last: BackupResult | null;
}

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;

export function ScheduleCard(props: { onKept: () => void }) {
  const { api } = useApp();
  const [view, setView] = useState<ScheduleView | null>(null);
  useEffect(() => {
    void api.get<ScheduleView>("/backup/schedule").then((r) => r.ok && setView(r.data));
  }, [api]);
  if (!view) return null;
  return html`<${ScheduleForm} view=${view} onSaved=${setView} onKept=${props.onKept} />`;
}

function ScheduleForm(props: {
  view: ScheduleView;
  onSaved: (v: ScheduleView) => void;
  onKept: () => void;
}) {
  const { t, api } = useApp();
  const form = useForm({ ...props.view.schedule }, t);
  const v = form.values;
  const { formRef, onSubmit, busy, refusal, saved } = useSaveForm(
    form,
    t,
    (values) => api.put<ScheduleView>("/backup/schedule", values),
    props.onSaved,
  );
  const [running, setRunning] = useState(false);
  const [last, setLast] = useState<BackupResult | ApiFailure | null>(props.view.last);
  const runNow = async () => {
    setRunning(true);
    const r = await api.post<BackupResult>("/backup/run", { place: v.place });
    setRunning(false);
    setLast(r.ok ? r.data : r);
    if (r.ok) props.onKept();
  };
  return html`<form class="card form" ref=${formRef} onSubmit=${onSubmit} noValidate data-section="backup-schedule">
    <h2>${t("backup.schedule")}</h2>
    <${CheckField} name="enabled" label=${t("backup.scheduleOn")} checked=${v.enabled} onChange=${(x: boolean) => form.set("enabled", x)} />
    <${SelectField} name="frequency" label=${t("backup.frequency")} value=${v.frequency} error=${form.errors.frequency}
      options=${[
        { value: "daily", label: t("backup.daily") },
        { value: "weekly", label: t("backup.weekly") },
      ]}
      onChange=${(x: string) => form.set("frequency", x as BackupSchedule["frequency"])} />
    ${
      v.frequency === "weekly"
        ? html`<${SelectField} name="weekday" label=${t("backup.weekday")} value=${String(v.weekday)} error=${form.errors.weekday}
            options=${WEEKDAYS.map((d) => ({ value: String(d), label: t(`day.${d}` as MessageKey) }))}
            onChange=${(x: string) => form.set("weekday", Number(x))} />`
        : null
    }
    <${TextField} name="time" type="time" label=${t("backup.time")} value=${v.time} error=${form.errors.time} onInput=${(x: string) => form.set("time", x)} />
    <${SelectField} name="place" label=${t("backup.place")} value=${v.place} error=${form.errors.place}
      options=${[
        { value: "internal", label: t("backup.place.internal") },
        { value: "usb", label: t("backup.place.usb") },
      ]}
      onChange=${(x: string) => form.set("place", x as BackupSchedule["place"])} />
    <${TextField} name="keep" type="number" label=${t("backup.keep")} value=${v.keep} min=${1} max=${30} hint=${t("form.range", { min: 1, max: 30 })} error=${form.errors.keep} onInput=${(x: string) => form.set("keep", Number(x))} />
    <${CheckField} name="voiceFiles" label=${t("backup.withVoiceFiles")} checked=${v.voiceFiles} onChange=${(x: boolean) => form.set("voiceFiles", x)} />
    <${CheckField} name="records" label=${t("backup.withRecords")} checked=${v.records} onChange=${(x: boolean) => form.set("records", x)} />
    ${last ? html`<p class=${"ok" in last && last.ok ? "muted" : "form-error"} data-last-backup=${"ok" in last && last.ok ? "ok" : "failed"}>${lastText(last, t)}</p>` : null}
    <${FormActions} t=${t} busy=${busy} refusal=${refusal} saved=${saved} />
    <div class="filters-actions">
      <button type="button" data-action="backup-now" disabled=${running} aria-busy=${running ? "true" : undefined} onClick=${runNow}>${t("backup.now")}</button>
    </div>
  </form>`;
}

function lastText(last: BackupResult | ApiFailure, t: ReturnType<typeof useApp>["t"]): string {
  if (!("atMs" in last)) return last.message;
  const when = new Date(last.atMs).toLocaleString();
  if (!last.ok) return t("backup.lastFailed", { time: when, reason: last.message ?? "" });
  const where = t(`backup.place.${last.place ?? "internal"}` as MessageKey);
  return `${t("backup.lastKept", { time: when, name: last.name ?? "", place: where })}${last.message ? ` (${t("backup.noStick")})` : ""}`;
}

export function KeptBackupsCard(props: {
  version: number;
  onChecked: (checked: RestoreCheck) => void;
}) {
  const { t, api } = useApp();
  const [items, setItems] = useState<StoredBackup[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    void api
      .get<{ items: StoredBackup[] }>("/backup/stored")
      .then((r) => r.ok && setItems(r.data.items));
  }, [api, reload, props.version]);
  if (!items) return null;
  const path = (b: StoredBackup) => `/backup/stored/${b.place}/${encodeURIComponent(b.name)}`;
  const remove = async (b: StoredBackup) => {
    if (!confirm(t("app.confirmDelete", { name: b.name }))) return;
    const r = await api.delete(path(b));
    setError(r.ok ? null : r.message);
    setReload((n) => n + 1);
  };
  const check = async (b: StoredBackup) => {
    const r = await api.post<RestoreCheck>(`${path(b)}/check`);
    setError(r.ok ? null : r.message);
    if (r.ok) props.onChecked(r.data);
  };
  return html`<div class="card" data-section="kept-backups">
    <h2>${t("backup.kept")}</h2>
    ${
      items.length === 0
        ? html`<p class="muted" data-no-backups>${t("backup.noneKept")}</p>`
        : html`<table class="table">
          <thead><tr><th>${t("backup.file")}</th><th>${t("backup.place")}</th><th>${t("backup.size")}</th><th></th></tr></thead>
          <tbody>${items.map(
            (
              b,
            ) => html`<tr key=${`${b.place}/${b.name}`} data-backup=${b.name} data-place=${b.place}>
              <td class="mono">${b.name}</td>
              <td>${t(`backup.place.${b.place}` as MessageKey)}</td>
              <td>${formatBytes(b.bytes)}</td>
              <td class="row-actions">
                <a class="button" data-action="download-kept" href=${`${API_BASE}${path(b)}`} download>${t("backup.downloadButton")}</a>
                <button type="button" data-action="check-kept" onClick=${() => check(b)}>${t("backup.restoreKept")}</button>
                <button type="button" class="danger" data-action="delete-kept" onClick=${() => remove(b)}>${t("app.delete")}</button>
              </td>
            </tr>`,
          )}</tbody>
        </table>`
    }
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
  </div>`;
}
