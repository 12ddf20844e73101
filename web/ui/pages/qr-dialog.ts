// SPEC EXT-4: an extension's QR code for the mobile softphone, and mailing it to the user.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { API_BASE } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { Dialog } from "../components/dialog.ts";
import type { Extension } from "./extension-fields.ts";

export function QrDialog(props: { extension: Extension; onClose: () => void }) {
  const { t, api, language } = useApp();
  const ext = props.extension;
  const [note, setNote] = useState("");
  const mail = async () => {
    const r = await api.post<{ sent: string[]; skipped: { number: string }[] }>(
      `/extensions/qr-mail?lang=${language}`,
      { numbers: [ext.number] },
    );
    setNote(
      r.ok
        ? t("ext.mailSent", {
            sent: r.data.sent.join(", ") || "-",
            skipped: r.data.skipped.map((s) => s.number).join(", ") || "-",
          })
        : t("app.error", { message: r.message }),
    );
  };
  return html`<${Dialog} title=${t("ext.qrOf", { number: ext.number })} onClose=${props.onClose}>
    <div class="qr">
      <img src=${`${API_BASE}/extensions/${ext.number}/qr.png`} alt=${t("ext.qrOf", { number: ext.number })} width="240" height="240" />
      <p class="muted">${t("ext.qrHint")}</p>
      ${
        ext.email
          ? html`<button type="button" class="primary" data-action="mail-qr" onClick=${mail}>${t("ext.mailThis", { email: ext.email })}</button>`
          : html`<p class="muted">${t("ext.noEmail")}</p>`
      }
      ${note ? html`<p class="note" role="status">${note}</p>` : null}
    </div>
  </${Dialog}>`;
}
