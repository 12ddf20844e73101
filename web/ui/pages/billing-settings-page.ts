// SPEC BILL-8 (manual 2.7 设置): billing on or off for the whole box, and the currency. Off:
// no call is charged or refused for money (a locked extension still cannot call out).
import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { FormActions, useRefusalBesideSave, useSubmit } from "../components/form-actions.ts";
import { SelectField } from "../components/form-fields.ts";
import { useForm } from "../use-form.ts";
import { type BillingSettings, useBillingSettings } from "./billing-common.ts";

const CURRENCIES = ["CNY", "HKD", "TWD", "USD", "EUR", "GBP", "JPY", "SGD"];

export function BillingSettingsPage() {
  const { t } = useApp();
  const settings = useBillingSettings();
  if (!settings) return html`<p>${t("app.loading")}</p>`;
  return html`<${SettingsForm} initial=${settings} />`;
}

function SettingsForm(props: { initial: BillingSettings }) {
  const { t, api } = useApp();
  const form = useForm(
    { enabled: props.initial.enabled ? "on" : "off", currency: props.initial.currency },
    t,
  );
  const [saved, setSaved] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const refusal = useRefusalBesideSave(formRef, form.errors, form.formError, t);
  useEffect(() => setSaved(false), [form.values]);
  const { busy, onSubmit } = useSubmit(async () => {
    const r = await api.patch("/billing/settings", {
      enabled: form.values.enabled === "on",
      currency: form.values.currency,
    });
    if (r.ok) setSaved(true);
    else form.fail(r);
  });
  const currencies = CURRENCIES.includes(form.values.currency)
    ? CURRENCIES
    : [form.values.currency, ...CURRENCIES];
  return html`<section class="page">
    <div class="page-head"><h1>${t("bill.settingsTitle")}</h1></div>
    <form class="form" ref=${formRef} onSubmit=${onSubmit} noValidate data-form="billing-settings">
      <${SelectField} name="enabled" label=${t("bill.billingOn")} hint=${t("bill.billingOnHint")} value=${form.values.enabled} options=${[
        { value: "on", label: t("bill.on") },
        { value: "off", label: t("bill.off") },
      ]} error=${form.errors.enabled} onChange=${(x: string) => form.set("enabled", x)} />
      <${SelectField} name="currency" label=${t("bill.currency")} value=${form.values.currency} options=${currencies.map((c) => ({ value: c, label: c }))} error=${form.errors.currency} onChange=${(x: string) => form.set("currency", x)} />
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      <${FormActions} t=${t} busy=${busy} refusal=${refusal} saved=${saved} />
    </form>
  </section>`;
}
