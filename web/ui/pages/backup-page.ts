// SPEC DEV-7, System > Backup (admin): download a backup (the configuration, optionally voice
// files and records); upload one to restore, see the box's dry run grouped by area (what would
// be added, removed, changed) before anything changes, then confirm: the box restarts onto it.
// The box's own backups (scheduled, or "back up now") are kept and restored from the same page.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import type { BackupContents } from "../../../firmware/backup/backup-manifest.ts";
import type { RestoreCheck } from "../../../firmware/backup/backup-service.ts";
import type { AreaDiff, FieldChange } from "../../../firmware/backup/config-diff.ts";
import { API_BASE, type ApiFailure } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import type { MessageKey } from "../i18n/en.ts";
import { refusalText } from "../i18n/error-text.ts";
import type { Translate } from "../i18n/translate.ts";
import { KeptBackupsCard, ScheduleCard } from "./backup-schedule-card.ts";

const REFUSALS = ["not_a_backup", "damaged", "wrong_board", "newer_schema"];

export function BackupPage() {
  const { t } = useApp();
  const [checked, setChecked] = useState<RestoreCheck | null>(null);
  const [keptVersion, setKeptVersion] = useState(0);
  return html`<section class="page" data-page="backup">
    <h1>${t("backup.title")}</h1>
    <p class="muted">${t("backup.keepSafe")}</p>
    <${DownloadCard} />
    <${ScheduleCard} onKept=${() => setKeptVersion((n) => n + 1)} />
    <${KeptBackupsCard} version=${keptVersion} onChecked=${setChecked} />
    <${RestoreCard} checked=${checked} setChecked=${setChecked} />
  </section>`;
}

function DownloadCard() {
  const { t } = useApp();
  const [include, setInclude] = useState<BackupContents>({ voiceFiles: false, records: false });
  const query = new URLSearchParams({
    voiceFiles: String(include.voiceFiles),
    records: String(include.records),
  });
  const check = (part: keyof BackupContents, label: MessageKey) =>
    html`<label class="check" data-field=${part}>
      <input type="checkbox" name=${part} checked=${include[part]} onChange=${(e: Event) => setInclude({ ...include, [part]: (e.currentTarget as HTMLInputElement).checked })} />
      ${t(label)}
    </label>`;
  return html`<div class="card">
    <h2>${t("backup.download")}</h2>
    <p>${t("backup.configAlways")}</p>
    ${check("voiceFiles", "backup.withVoiceFiles")}
    ${check("records", "backup.withRecords")}
    <div class="filters-actions">
      <a class="button" data-action="download-backup" href=${`${API_BASE}/backup?${query}`} download>${t("backup.downloadButton")}</a>
    </div>
  </div>`;
}

/** An uploaded backup's check, or a kept one's (KeptBackupsCard), shown and confirmed here. */
function RestoreCard(props: {
  checked: RestoreCheck | null;
  setChecked: (checked: RestoreCheck | null) => void;
}) {
  const { t, api } = useApp();
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);
  const { checked, setChecked } = props;
  const [restarting, setRestarting] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setChecked(null);
    if (!file) {
      setError({ status: 0, code: "choose-file", message: t("backup.chooseFile") });
      return;
    }
    setError(null);
    setSent(0);
    // As the file itself: the box streams it to disk instead of reading a form whole.
    const body = file.slice(0, file.size, "application/x-tar");
    const r = await api.upload<RestoreCheck>("/backup/restore/check", body, setSent);
    setSent(null);
    if (r.ok) setChecked(r.data);
    else setError(r);
  };

  const restore = async () => {
    if (!checked) return;
    const r = await api.post("/backup/restore", { token: checked.token });
    if (r.ok) setRestarting(true);
    else setError(r);
  };

  if (restarting)
    return html`<div class="card"><p class="notice" role="status" data-restarting>${t("backup.restarting")}</p></div>`;
  return html`<div class="card">
    <h2>${t("backup.restore")}</h2>
    <p>${t("backup.restoreHint")}</p>
    <form class="upload" data-form="restore" onSubmit=${submit}>
      <label class="field" data-field="file">
        <span class="field-label">${t("backup.file")}</span>
        <input type="file" name="file" accept=".tar,application/x-tar" onChange=${(e: Event) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
      </label>
      <div class="filters-actions">
        <button type="submit" data-action="check-backup" disabled=${sent !== null}>${t("backup.check")}</button>
        ${sent !== null ? html`<progress data-progress max="1" value=${sent}></progress><span>${Math.round(sent * 100)} %</span>` : null}
      </div>
      ${error ? html`<p class="form-error" role="alert" data-error="restore">${refusal(error, t)}</p>` : null}
    </form>
    ${
      checked
        ? html`<${DryRun} checked=${checked} />
          <div class="filters-actions">
            <button class="danger" data-action="restore" onClick=${restore}>${t("backup.confirm")}</button>
            <button data-action="cancel-restore" onClick=${() => setChecked(null)}>${t("app.cancel")}</button>
          </div>`
        : null
    }
  </div>`;
}

function refusal(error: ApiFailure, t: Translate): string {
  if (REFUSALS.includes(error.code)) {
    const detail = error.message.replace(/^file: /, "");
    return `${t(`backup.refused.${error.code}` as MessageKey)} (${detail})`;
  }
  return refusalText(error, t) ?? error.message;
}

function DryRun(props: { checked: RestoreCheck }) {
  const { t } = useApp();
  const { manifest, report, migrated } = props.checked;
  const areas = report.areas.filter(
    (a) => a.added.length + a.removed.length + a.changed.length > 0,
  );
  const parts = [
    t("backup.part.config"),
    ...(manifest.contents.voiceFiles ? [t("backup.part.voiceFiles")] : []),
    ...(manifest.contents.records ? [t("backup.part.records")] : []),
  ];
  return html`<div class="dry-run" data-dry-run>
    <h3>${t("backup.dryRun")}</h3>
    <p data-manifest>${t("backup.from", {
      model: manifest.model,
      firmware: manifest.firmwareVersion,
      time: new Date(manifest.createdAtMs).toLocaleString(),
      parts: parts.join(", "),
    })}</p>
    ${migrated.length > 0 ? html`<p class="muted" data-migrated>${t("backup.migrated")}</p>` : null}
    ${report.keptFromBox.map((part) => html`<p class="muted" data-kept=${part}>${t(`backup.kept.${part}` as MessageKey)}</p>`)}
    ${
      areas.length === 0
        ? html`<p data-no-differences>${t("backup.same")}</p>`
        : html`<p>${t("backup.differences", { count: report.differences })}</p>
          ${areas.map((a) => html`<${AreaReport} area=${a} />`)}`
    }
    <p class="muted">${t("backup.nothingChanged")}</p>
  </div>`;
}

function AreaReport(props: { area: AreaDiff }) {
  const { t } = useApp();
  const a = props.area;
  return html`<div class="dry-run-area" data-area=${a.area}>
    <h4>${t(`backup.area.${a.area}` as MessageKey)}</h4>
    <ul>
      ${a.added.map((key) => html`<li data-added=${key}>${t("backup.added", { key })}</li>`)}
      ${a.removed.map((key) => html`<li data-removed=${key}>${t("backup.removed", { key })}</li>`)}
      ${a.changed.map(
        (c) => html`<li data-changed=${c.key}>${t("backup.changed", { key: c.key })}:
          ${c.fields.map((f) => html`<span class="mono" data-field-change=${f.field}> ${fieldChange(f, t)};</span>`)}</li>`,
      )}
    </ul>
  </div>`;
}

function fieldChange(f: FieldChange, t: Translate): string {
  if (f.secret) return `${f.field} (${t("backup.secretChanged")})`;
  return `${f.field}: ${shown(f.from)} → ${shown(f.to)}`;
}

function shown(value: unknown): string {
  return value === null || value === undefined || value === "" ? "—" : String(value);
}
