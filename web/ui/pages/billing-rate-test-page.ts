// SPEC BILL-4, BILL-8: the rule tester. A number as dialled (outbound prefix included), the
// calling extension, a time of day and a talk time: which rule rates the call, why each other
// rule with a matching prefix does not, the cost (initial fee, periods, total), and whether
// the extension could call out now.
import { html } from "htm/preact";
import { useRef, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { FormActions, useRefusalBesideSave, useSubmit } from "../components/form-actions.ts";
import { TextField } from "../components/form-fields.ts";
import type { MessageKey } from "../i18n/en.ts";
import { formatMoney } from "../money.ts";
import { useForm } from "../use-form.ts";
import { useBillingSettings } from "./billing-common.ts";

interface TestResult {
  rule: { id: number; remark: string; prefix: string; numberLength: number } | null;
  rejected: { id: number; remark: string; prefix: string; reason: string }[];
  otherPrefixes: number;
  cost: {
    initialFeeMinor: number;
    periodSeconds: number;
    periods: number;
    periodsMinor: number;
    totalMinor: number;
  } | null;
  outbound: { allowed: boolean; charged?: boolean; reason?: string; why?: string };
}

export function BillingRateTestPage() {
  const { t, api } = useApp();
  const settings = useBillingSettings();
  const now = new Date();
  const form = useForm(
    {
      number: "",
      extension: "",
      time: `${String(now.getHours()).padStart(2, "0")}:${String(now.getMinutes()).padStart(2, "0")}`,
      talkSeconds: "60",
    },
    t,
  );
  const [result, setResult] = useState<TestResult | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const refusal = useRefusalBesideSave(formRef, form.errors, form.formError, t);
  const v = form.values;
  const { busy, onSubmit } = useSubmit(async () => {
    const r = await api.post<TestResult>("/billing/rate-test", {
      number: v.number.trim(),
      extension: v.extension.trim(),
      ...(v.time ? { time: v.time } : {}),
      talkSeconds: /^\d+$/.test(v.talkSeconds) ? Number(v.talkSeconds) : v.talkSeconds,
    });
    if (r.ok) setResult(r.data);
    else {
      setResult(null);
      form.fail(r);
    }
  });
  if (!settings) return html`<p>${t("app.loading")}</p>`;
  const money = (m: number) => `${formatMoney(m, settings.minorDigits)} ${settings.currency}`;
  const ruleName = (r: { id: number; remark: string; prefix: string }) =>
    `#${r.id} ${r.remark || "—"} (${t("bill.prefix")} ${r.prefix || "*"})`;
  const outbound = result?.outbound;

  return html`<section class="page">
    <div class="page-head"><h1>${t("bill.testTitle")}</h1></div>
    <form class="form form-grid" ref=${formRef} onSubmit=${onSubmit} noValidate data-form="rate-test">
      <${TextField} name="number" label=${t("bill.dialled")} hint=${t("bill.dialledHint")} value=${v.number} inputMode="tel" error=${form.errors.number} onInput=${(x: string) => form.set("number", x)} />
      <${TextField} name="extension" label=${t("bill.extension")} value=${v.extension} inputMode="numeric" error=${form.errors.extension} onInput=${(x: string) => form.set("extension", x)} />
      <${TextField} name="time" type="time" label=${t("bill.time")} value=${v.time} error=${form.errors.time} onInput=${(x: string) => form.set("time", x)} />
      <${TextField} name="talkSeconds" label=${t("bill.talkSeconds")} value=${v.talkSeconds} inputMode="numeric" error=${form.errors.talkSeconds} onInput=${(x: string) => form.set("talkSeconds", x)} />
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      <${FormActions} t=${t} busy=${busy} refusal=${refusal} label=${t("bill.runTest")} />
    </form>
    ${
      result
        ? html`<div class="test-result" data-test-result>
          <h2>${t("bill.matched")}</h2>
          <p data-matched>${result.rule ? ruleName(result.rule) : t("bill.noRule")}</p>
          ${
            result.cost
              ? html`<table class="table" data-cost><tbody>
                <tr><th>${t("bill.initialFee")}</th><td>${money(result.cost.initialFeeMinor)}</td></tr>
                <tr><th>${t("bill.periods")}</th><td>${t("bill.periodsOf", { periods: result.cost.periods, seconds: result.cost.periodSeconds })}</td></tr>
                <tr><th>${t("bill.periodsCost")}</th><td>${money(result.cost.periodsMinor)}</td></tr>
                <tr><th>${t("bill.total")}</th><td data-total>${money(result.cost.totalMinor)}</td></tr>
              </tbody></table>`
              : null
          }
          <h2>${t("bill.notMatched")}</h2>
          <ul data-rejected>
            ${result.rejected.map(
              (r) =>
                html`<li key=${r.id} data-reason=${r.reason}>${ruleName(r)}: ${t(`bill.reason.${r.reason}` as MessageKey)}</li>`,
            )}
            ${result.otherPrefixes > 0 ? html`<li class="muted">${t("bill.otherPrefixes", { count: result.otherPrefixes })}</li>` : null}
          </ul>
          <p data-outbound>${
            outbound?.allowed
              ? outbound.charged
                ? t("bill.outCharged")
                : t(`bill.out.${outbound.why}` as MessageKey)
              : t(`bill.out.${outbound?.reason}` as MessageKey)
          }</p>
        </div>`
        : null
    }
  </section>`;
}
