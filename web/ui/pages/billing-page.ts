// SPEC WEB-3: a billing user sees only the billing pages (SPEC BILL), which come later.
import { html } from "htm/preact";
import { useApp } from "../app-context.ts";

export function BillingPage() {
  const { t } = useApp();
  return html`<section class="page"><h1>${t("billing.title")}</h1><p class="muted">${t("billing.none")}</p></section>`;
}
