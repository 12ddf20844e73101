// SPEC BILL-2, BILL-3 (manual 2.2 分机): the billing user's extensions, filtered by number or
// name, lock state and payment method; total top-up, balance, credit limit, payment method,
// lock and billing state per row. Top up one (the green button) or the checked ones by the
// same amount; edit one (blue) or the checked ones (bulk edit: each field "unchanged" until
// picked).
import { html } from "htm/preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { Dialog } from "../components/dialog.ts";
import { FormActions, useRefusalBesideSave, useSubmit } from "../components/form-actions.ts";
import { type Choice, SelectField, TextField } from "../components/form-fields.ts";
import { formatMoney, parseMoney } from "../money.ts";
import { useForm } from "../use-form.ts";
import {
  type BillingAccount,
  type BillingSettings,
  refusalOf,
  useBillingSettings,
} from "./billing-common.ts";

export function BillingExtensionsPage() {
  const { t, api } = useApp();
  const settings = useBillingSettings();
  const [items, setItems] = useState<BillingAccount[] | null>(null);
  const [search, setSearch] = useState("");
  const [locked, setLocked] = useState("");
  const [method, setMethod] = useState("");
  const [checked, setChecked] = useState<string[]>([]);
  const [topUp, setTopUp] = useState<string[] | null>(null);
  const [editing, setEditing] = useState<{ numbers: string[]; one?: BillingAccount } | null>(null);
  const [note, setNote] = useState("");
  const [error, setError] = useState("");

  const load = useCallback(async () => {
    const q = new URLSearchParams();
    if (search) q.set("search", search);
    if (locked) q.set("locked", locked);
    if (method) q.set("paymentMethod", method);
    const r = await api.get<{ items: BillingAccount[] }>(`/billing/extensions?${q}`);
    if (r.ok) setItems(r.data.items);
    setError(r.ok ? "" : refusalOf(t, r));
  }, [api, search, locked, method]);
  useEffect(() => void load(), [load]);

  if (!settings || !items) return html`<p>${error || t("app.loading")}</p>`;
  const money = (minor: number) => formatMoney(minor, settings.minorDigits);
  const all = items.length > 0 && items.every((a) => checked.includes(a.extension));
  const toggle = (n: string, on: boolean) =>
    setChecked((c) => (on ? [...c, n] : c.filter((x) => x !== n)));
  const done = (message: string) => {
    setTopUp(null);
    setEditing(null);
    setNote(message);
    void load();
  };
  const filter = (
    name: string,
    label: string,
    value: string,
    options: Choice[],
    set: (v: string) => void,
  ) =>
    html`<${SelectField} name=${name} label=${label} value=${value} options=${[{ value: "", label: t("bill.all") }, ...options]} onChange=${set} />`;

  return html`<section class="page">
    <div class="page-head"><h1>${t("bill.extTitle")}</h1></div>
    <form class="search form-grid" onSubmit=${(e: Event) => e.preventDefault()}>
      <${TextField} name="search" label=${t("bill.searchExt")} value=${search} onInput=${setSearch} />
      ${filter(
        "locked",
        t("bill.state"),
        locked,
        [
          { value: "true", label: t("bill.locked") },
          { value: "false", label: t("bill.unlocked") },
        ],
        setLocked,
      )}
      ${filter(
        "paymentMethod",
        t("bill.method"),
        method,
        [
          { value: "prepaid", label: t("bill.prepaid") },
          { value: "postpaid", label: t("bill.postpaid") },
        ],
        setMethod,
      )}
    </form>
    ${
      checked.length > 0
        ? html`<div class="selection" data-selection>
          <span>${t("ext.selected", { count: checked.length })}</span>
          <button type="button" class="primary" data-action="top-up-checked" onClick=${() => setTopUp(checked)}>${t("bill.topUp")}</button>
          <button type="button" data-action="edit-checked" onClick=${() => setEditing({ numbers: checked })}>${t("ext.bulkEdit")}</button>
          <button type="button" class="link" onClick=${() => setChecked([])}>${t("ext.clearSelection")}</button>
        </div>`
        : null
    }
    ${note ? html`<p class="note" role="status" data-note>${note}</p>` : null}
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
    ${
      items.length === 0
        ? html`<p class="muted">${t("bill.noExtensions")}</p>`
        : html`<div class="table-wrap"><table class="table stack" data-table="billing-extensions">
      <thead><tr>
        <th><input type="checkbox" aria-label=${t("ext.selectPage")} checked=${all} onChange=${(e: Event) => setChecked((e.currentTarget as HTMLInputElement).checked ? items.map((a) => a.extension) : [])} /></th>
        <th>${t("bill.extension")}</th><th>${t("bill.name")}</th><th>${t("bill.totalTopUp")}</th><th>${t("bill.balance")}</th>
        <th>${t("bill.credit")}</th><th>${t("bill.method")}</th><th>${t("bill.state")}</th><th>${t("bill.billing")}</th><th></th>
      </tr></thead>
      <tbody>${items.map(
        (a) => html`<tr key=${a.extension} data-billing-extension=${a.extension}>
          <td class="pick"><input type="checkbox" aria-label=${a.extension} checked=${checked.includes(a.extension)} onChange=${(e: Event) => toggle(a.extension, (e.currentTarget as HTMLInputElement).checked)} /></td>
          <td class="lead" data-label=${t("bill.extension")}>${a.extension}</td>
          <td data-label=${t("bill.name")}>${a.name}</td>
          <td data-label=${t("bill.totalTopUp")}>${money(a.totalTopUpMinor)}</td>
          <td data-label=${t("bill.balance")} data-balance>${money(a.balanceMinor)}</td>
          <td data-label=${t("bill.credit")}>${money(a.creditLimitMinor)}</td>
          <td data-label=${t("bill.method")}>${t(a.paymentMethod === "prepaid" ? "bill.prepaid" : "bill.postpaid")}</td>
          <td data-label=${t("bill.state")}>${a.locked ? t("bill.locked") : t("bill.unlocked")}</td>
          <td data-label=${t("bill.billing")}>${a.billingEnabled ? t("bill.on") : t("bill.off")}</td>
          <td class="actions">
            <button type="button" class="link ok" data-action="top-up" onClick=${() => setTopUp([a.extension])}>${t("bill.topUp")}</button>
            <button type="button" class="link" data-action="edit" onClick=${() => setEditing({ numbers: [a.extension], one: a })}>${t("app.edit")}</button>
          </td>
        </tr>`,
      )}</tbody>
    </table></div>`
    }
    ${topUp ? html`<${TopUpDialog} numbers=${topUp} settings=${settings} onClose=${() => setTopUp(null)} onDone=${() => done(t("bill.toppedUp", { count: topUp.length }))} />` : null}
    ${editing ? html`<${AccountDialog} numbers=${editing.numbers} one=${editing.one} settings=${settings} onClose=${() => setEditing(null)} onDone=${() => done(t("app.saved"))} />` : null}
  </section>`;
}

function TopUpDialog(props: {
  numbers: string[];
  settings: BillingSettings;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, api } = useApp();
  const form = useForm({ amount: "" }, t);
  const formRef = useRef<HTMLFormElement>(null);
  const refusal = useRefusalBesideSave(formRef, form.errors, form.formError, t);
  const digits = props.settings.minorDigits;
  const { busy, onSubmit } = useSubmit(async () => {
    const amountMinor = parseMoney(form.values.amount, digits);
    if (amountMinor === undefined || amountMinor <= 0) {
      form.fail({
        status: 400,
        code: "bad-amount",
        field: "amountMinor",
        message: t("bill.badAmount", { digits }),
      });
      return;
    }
    const r = await api.post("/billing/extensions/top-up", {
      extensions: props.numbers,
      amountMinor,
    });
    if (r.ok) props.onDone();
    else form.fail(r);
  });
  return html`<${Dialog} title=${t("bill.topUpTitle", { count: props.numbers.length })} onClose=${props.onClose}>
    <form class="form" ref=${formRef} onSubmit=${onSubmit} noValidate data-form="top-up">
      <p class="muted">${props.numbers.join(", ")}</p>
      <${TextField} name="amountMinor" label=${`${t("bill.amount")} (${props.settings.currency})`} value=${form.values.amount} inputMode="decimal" error=${form.errors.amountMinor} onInput=${(x: string) => form.set("amount", x)} />
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      <${FormActions} t=${t} busy=${busy} refusal=${refusal} label=${t("bill.topUp")} onCancel=${props.onClose} />
    </form>
  </${Dialog}>`;
}

const UNCHANGED = "";

function AccountDialog(props: {
  numbers: string[];
  one?: BillingAccount;
  settings: BillingSettings;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, api } = useApp();
  const digits = props.settings.minorDigits;
  const one = props.one;
  const form = useForm<Record<string, string>>(
    one
      ? {
          billingEnabled: one.billingEnabled ? "on" : "off",
          paymentMethod: one.paymentMethod,
          locked: one.locked ? "on" : "off",
          credit: formatMoney(one.creditLimitMinor, digits),
        }
      : { billingEnabled: UNCHANGED, paymentMethod: UNCHANGED, locked: UNCHANGED, credit: "" },
    t,
  );
  const formRef = useRef<HTMLFormElement>(null);
  const refusal = useRefusalBesideSave(formRef, form.errors, form.formError, t);
  const v = form.values;
  const { busy, onSubmit } = useSubmit(async () => {
    const body: Record<string, unknown> = { extensions: props.numbers };
    if (v.billingEnabled) body.billingEnabled = v.billingEnabled === "on";
    if (v.locked) body.locked = v.locked === "on";
    if (v.paymentMethod) body.paymentMethod = v.paymentMethod;
    if (v.credit?.trim()) {
      const credit = parseMoney(v.credit, digits);
      if (credit === undefined) {
        form.fail({
          status: 400,
          code: "bad-amount",
          field: "creditLimitMinor",
          message: t("bill.badAmount", { digits }),
        });
        return;
      }
      body.creditLimitMinor = credit;
    }
    if (Object.keys(body).length === 1) {
      form.fail({ status: 400, code: "invalid", message: t("bulkEdit.nothing") });
      return;
    }
    const r = await api.patch("/billing/extensions", body);
    if (r.ok) props.onDone();
    else form.fail(r);
  });
  const keep: Choice[] = one ? [] : [{ value: UNCHANGED, label: t("bulkEdit.unchanged") }];
  const onOff = (on: string, off: string): Choice[] => [
    ...keep,
    { value: "on", label: on },
    { value: "off", label: off },
  ];
  return html`<${Dialog} title=${one ? t("bill.editOne", { number: one.extension }) : t("bulkEdit.title", { count: props.numbers.length })} onClose=${props.onClose}>
    <form class="form" ref=${formRef} onSubmit=${onSubmit} noValidate data-form="billing-account">
      ${one ? null : html`<p class="muted">${props.numbers.join(", ")}</p>`}
      <${SelectField} name="billingEnabled" label=${t("bill.billing")} value=${v.billingEnabled} options=${onOff(t("bill.on"), t("bill.off"))} error=${form.errors.billingEnabled} onChange=${(x: string) => form.set("billingEnabled", x)} />
      <${SelectField} name="paymentMethod" label=${t("bill.method")} value=${v.paymentMethod} hint=${t("bill.methodHint")} options=${[...keep, { value: "prepaid", label: t("bill.prepaid") }, { value: "postpaid", label: t("bill.postpaid") }]} error=${form.errors.paymentMethod} onChange=${(x: string) => form.set("paymentMethod", x)} />
      <${SelectField} name="locked" label=${t("bill.state")} value=${v.locked} options=${onOff(t("bill.locked"), t("bill.unlocked"))} error=${form.errors.locked} onChange=${(x: string) => form.set("locked", x)} />
      <${TextField} name="creditLimitMinor" label=${`${t("bill.credit")} (${props.settings.currency})`} value=${v.credit} inputMode="decimal" placeholder=${one ? "" : t("bulkEdit.unchanged")} hint=${t("bill.creditHint")} error=${form.errors.creditLimitMinor} onInput=${(x: string) => form.set("credit", x)} />
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      <${FormActions} t=${t} busy=${busy} refusal=${refusal} onCancel=${props.onClose} />
    </form>
  </${Dialog}>`;
}
