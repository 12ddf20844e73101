// SPEC EXT-4: an extension's QR code for the mobile softphone, and mailing it to the user.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { API_BASE } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { Dialog } from "../components/dialog.ts";
import type { Extension } from "./extension-fields.ts";
import { type MailOutcome, MailResults, mailQrCodes } from "./qr-mail-results.ts";

export function QrDialog(props: { extension: Extension; onClose: () => void }) {
  const { t, api, language } = useApp();
  const ext = props.extension;
  const [outcomes, setOutcomes] = useState<MailOutcome[] | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const mail = async () => {
    setBusy(true);
    const r = await mailQrCodes(api, language, [ext.number]);
    setBusy(false);
    setOutcomes(r.ok ? r.outcomes : null);
    setError(r.ok ? "" : t("app.error", { message: r.message }));
  };
  return html`<${Dialog} title=${t("ext.qrOf", { number: ext.number })} onClose=${props.onClose}>
    <div class="qr">
      <img src=${`${API_BASE}/extensions/${ext.number}/qr.png`} alt=${t("ext.qrOf", { number: ext.number })} width="240" height="240" />
      <p class="muted">${t("ext.qrHint")}</p>
      ${
        ext.email
          ? html`<button type="button" class="primary" data-action="mail-qr" disabled=${busy} aria-busy=${busy ? "true" : undefined} onClick=${mail}>
              ${busy ? html`<span class="spinner" aria-hidden="true"></span>${t("mail.sending")}` : t("ext.mailThis", { email: ext.email })}
            </button>`
          : html`<p class="muted">${t("ext.noEmail")}</p>`
      }
      ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
      ${outcomes ? html`<div class="note"><${MailResults} t=${t} outcomes=${outcomes} /></div>` : null}
    </div>
  </${Dialog}>`;
}
