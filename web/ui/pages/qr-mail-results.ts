// SPEC EXT-4 mailing QR codes: ask the box to mail the chosen extensions their QR codes and
// say, extension by extension, whether it was sent and if not why (no address, no SMTP server
// set, the mail server's refusal in its own words), instead of one green line.
import { html } from "htm/preact";
import type { ApiClient } from "../api-client.ts";
import type { Translate } from "../i18n/translate.ts";

export interface MailOutcome {
  number: string;
  reason?: "no_email" | "no_smtp" | "smtp_refused";
  message?: string;
}

interface MailAnswer {
  sent: string[];
  skipped: { number: string; reason: string; message?: string }[];
}

/** Mails the QR codes; the outcomes in the order asked, or the request's own failure. */
export async function mailQrCodes(
  api: ApiClient,
  language: string,
  numbers: readonly string[],
): Promise<{ ok: true; outcomes: MailOutcome[] } | { ok: false; message: string }> {
  const r = await api.post<MailAnswer>(`/extensions/qr-mail?lang=${language}`, { numbers });
  if (!r.ok) return { ok: false, message: r.message };
  const skipped = new Map(r.data.skipped.map((s) => [s.number, s]));
  const outcomes = numbers.map((number): MailOutcome => {
    const s = skipped.get(number);
    if (!s) return { number };
    return { number, reason: s.reason as MailOutcome["reason"], message: s.message };
  });
  return { ok: true, outcomes };
}

/** One line per extension: sent, or not sent and why. */
export function MailResults(props: { t: Translate; outcomes: readonly MailOutcome[] }) {
  const { t, outcomes } = props;
  const sent = outcomes.filter((o) => !o.reason).length;
  return html`<div class=${`mail-results ${sent === outcomes.length ? "all-sent" : "some-failed"}`} role="status" data-mail-results>
    <p class="mail-summary">${t("mail.summary", { sent, total: outcomes.length })}</p>
    <ul>
      ${outcomes.map(
        (
          o,
        ) => html`<li key=${o.number} data-mail=${o.number} data-reason=${o.reason ?? "sent"} class=${o.reason ? "failed" : "sent"}>
          <strong>${o.number}</strong> ${reasonText(t, o)}
        </li>`,
      )}
    </ul>
  </div>`;
}

function reasonText(t: Translate, o: MailOutcome): string {
  switch (o.reason) {
    case undefined:
      return t("mail.sent");
    case "no_email":
      return t("mail.noEmail");
    case "no_smtp":
      return t("mail.noSmtp");
    case "smtp_refused":
      return t("mail.refused", { message: o.message ?? "" });
    default:
      return t("mail.notSent", { reason: String(o.reason) });
  }
}
