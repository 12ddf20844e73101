// System > Firmware (SPEC DEV-4, admin): both slots with their versions, which one is booted,
// which is good and which boots next; the last update's result; a bundle uploaded with its
// progress (refused before anything is written when it is not signed, not for this board or
// older, unless forced); and the reboot, which waits for calls unless "now".
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { CheckField } from "../components/form-fields.ts";
import type { MessageKey } from "../i18n/en.ts";

interface SlotView {
  slot: "a" | "b";
  version: string | null;
  booted: boolean;
  good: boolean;
  next: boolean;
  installedAtMs: number | null;
}

interface UpdateResult {
  outcome: string;
  version: string | null;
  slot: string | null;
  message: string;
  atMs: number;
}

interface FirmwareStatus {
  slots: SlotView[];
  onTrial: boolean;
  bootCount: number;
  bootLimit: number;
  rebootPending: { waitingForCalls: number } | null;
  lastResult: UpdateResult | null;
}

const REFUSALS = [
  "not-a-bundle",
  "bad-signature",
  "bad-manifest",
  "wrong-board",
  "downgrade",
  "bad-payload",
  "incomplete",
  "too-large",
  "busy",
] as const;
const OUTCOMES = [
  "installed",
  "refused",
  "write-failed",
  "good",
  "health-check-failed",
  "rolled-back",
] as const;
const REFRESH_MS = 5_000;

export function FirmwarePage() {
  const { t, api } = useApp();
  const [status, setStatus] = useState<FirmwareStatus | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [force, setForce] = useState(false);
  const [rebootAfter, setRebootAfter] = useState(true);
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState("");
  const [notice, setNotice] = useState("");

  const load = useCallback(async () => {
    const r = await api.get<FirmwareStatus>("/firmware");
    if (r.ok) setStatus(r.data);
    else setError(t("app.error", { message: r.message }));
  }, [api, t]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file) {
      setError(t("firmware.chooseFile"));
      return;
    }
    setError("");
    setNotice("");
    setSent(0);
    const query = `?force=${force}&reboot=${rebootAfter}`;
    const r = await api.upload<{
      version: string;
      slot: string;
      reboot: { waitingForCalls: number } | null;
    }>(`/firmware/upload${query}`, file, setSent);
    setSent(null);
    if (!r.ok) {
      const known = (REFUSALS as readonly string[]).includes(r.code);
      setError(
        known ? t(`firmware.refused.${r.code}` as MessageKey, { message: r.message }) : r.message,
      );
      void load();
      return;
    }
    (e.target as HTMLFormElement).reset();
    setFile(null);
    setNotice(
      r.data.reboot
        ? t("firmware.installedRebooting", {
            version: r.data.version,
            slot: r.data.slot.toUpperCase(),
            calls: r.data.reboot.waitingForCalls,
          })
        : t("firmware.installed", { version: r.data.version, slot: r.data.slot.toUpperCase() }),
    );
    void load();
  };

  const reboot = async (now: boolean) => {
    if (now && !confirm(t("firmware.rebootNowConfirm"))) return;
    const r = await api.post<{ waitingForCalls: number }>("/firmware/reboot", { now });
    if (!r.ok) setError(t("app.error", { message: r.message }));
    else
      setNotice(
        r.data.waitingForCalls > 0
          ? t("firmware.rebootWaiting", { calls: r.data.waitingForCalls })
          : t("firmware.rebooting"),
      );
    void load();
  };

  const yes = (v: boolean) => (v ? t("firmware.yes") : "—");
  const last = status?.lastResult;
  return html`<section class="page" data-ready=${status ? "" : undefined}>
    <div class="page-head"><h1>${t("firmware.title")}</h1></div>
    ${
      status
        ? html`<div class="table-wrap"><table class="table stack" data-section="slots">
            <thead><tr><th>${t("firmware.slot")}</th><th>${t("firmware.version")}</th><th>${t("firmware.booted")}</th><th>${t("firmware.good")}</th><th>${t("firmware.next")}</th><th>${t("firmware.installedAt")}</th></tr></thead>
            <tbody>${status.slots.map(
              (s) => html`<tr key=${s.slot} data-slot=${s.slot}>
                <td data-label=${t("firmware.slot")}>${s.slot.toUpperCase()}</td>
                <td data-label=${t("firmware.version")} data-cell="version">${s.version ?? t("firmware.empty")}</td>
                <td data-label=${t("firmware.booted")} data-cell="booted">${yes(s.booted)}</td>
                <td data-label=${t("firmware.good")} data-cell="good">${s.booted && status.onTrial ? t("firmware.onTrial", { count: status.bootCount, limit: status.bootLimit }) : yes(s.good)}</td>
                <td data-label=${t("firmware.next")} data-cell="next">${yes(s.next)}</td>
                <td data-label=${t("firmware.installedAt")}>${s.installedAtMs ? new Date(s.installedAtMs).toLocaleString() : "—"}</td>
              </tr>`,
            )}</tbody>
          </table></div>
          <div class="card" data-section="last-result">
            <h2>${t("firmware.lastResult")}</h2>
            ${
              last
                ? html`<p data-outcome=${last.outcome}><strong>${(OUTCOMES as readonly string[]).includes(last.outcome) ? t(`firmware.outcome.${last.outcome}` as MessageKey) : last.outcome}</strong>
                    ${last.version ? ` ${last.version}` : ""} · ${new Date(last.atMs).toLocaleString()}<br /><small class="muted" data-message>${last.message}</small></p>`
                : html`<p class="muted">${t("firmware.noUpdate")}</p>`
            }
            ${status.rebootPending ? html`<p data-reboot-pending>${t("firmware.rebootWaiting", { calls: status.rebootPending.waitingForCalls })}</p>` : null}
          </div>`
        : html`<p>${t("app.loading")}</p>`
    }
    <form class="card upload" data-form="firmware-upload" onSubmit=${submit}>
      <h2>${t("firmware.upload")}</h2>
      <label class="field" data-field="file">
        <span class="field-label">${t("firmware.file")}</span>
        <input type="file" name="file" accept=".bundle,application/octet-stream" onChange=${(e: Event) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
        <small class="field-hint">${t("firmware.fileHint")}</small>
      </label>
      <${CheckField} name="force" label=${t("firmware.force")} checked=${force} onChange=${setForce} />
      <${CheckField} name="reboot" label=${t("firmware.rebootAfter")} checked=${rebootAfter} onChange=${setRebootAfter} />
      <div class="filters-actions">
        <button type="submit" class="primary" data-action="install" disabled=${sent !== null}>${t("firmware.install")}</button>
        ${sent !== null ? html`<progress data-progress max="1" value=${sent}></progress><span data-sent>${Math.round(sent * 100)} %</span>` : null}
      </div>
      ${error ? html`<p class="form-error" role="alert" data-error="upload">${error}</p>` : null}
      ${notice ? html`<p class="notice" role="status" data-notice>${notice}</p>` : null}
    </form>
    <div class="card" data-section="reboot">
      <h2>${t("firmware.reboot")}</h2>
      <p class="muted">${t("firmware.rebootHint")}</p>
      <div class="filters-actions">
        <button type="button" data-action="reboot" onClick=${() => void reboot(false)}>${t("firmware.reboot")}</button>
        <button type="button" class="danger" data-action="reboot-now" onClick=${() => void reboot(true)}>${t("firmware.rebootNow")}</button>
      </div>
    </div>
  </section>`;
}
