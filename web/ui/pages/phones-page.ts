// SPEC PROV-2: 电话 -> 分机 -> 话机自动配置. PnP on or off (with the manual's note that quick
// registration codes are not for new phones while it is on), the phones PnP found or the
// operator typed by MAC, and 快速配置: accounts (a 2-account phone 1-2, a 4-line phone 1-4),
// BLF keys, speed dials, call waiting, the idle-screen text and optional HTTP credentials for the file.
import { html } from "htm/preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { Dialog } from "../components/dialog.ts";
import { FormActions, useRefusalBesideSave, useSubmit } from "../components/form-actions.ts";
import { CheckField, type Choice, SelectField, TextField } from "../components/form-fields.ts";
import { useForm } from "../use-form.ts";

export interface BlfKey {
  extension: string;
  label: string;
  line: number;
}

export interface SpeedDial {
  number: string;
  label: string;
  line: number;
}

export interface Phone {
  mac: string;
  vendor: string;
  model: string;
  firmware: string;
  address: string;
  source: "pnp" | "manual" | "quick-code";
  maxLines: number;
  lines: string[];
  blfKeys: BlfKey[];
  speedDials: SpeedDial[];
  idleText: string;
  callWaiting: boolean;
  httpUser: string;
  hasHttpPassword: boolean;
  assigned: boolean;
  assignedBy: string | null;
  assignedAt: string | null;
  lastFetchAt: string | null;
}

interface PhoneList {
  items: Phone[];
  vendors: string[];
  settings: { pnp: boolean; multicast: boolean };
  url: string;
}

interface ExtensionBrief {
  number: string;
  displayName: string;
}

const macText = (mac: string) => mac.match(/../g)?.join(":") ?? mac;
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "");

export function PhonesPage() {
  const { t, api } = useApp();
  const [list, setList] = useState<PhoneList | null>(null);
  const [extensions, setExtensions] = useState<ExtensionBrief[]>([]);
  const [editing, setEditing] = useState<Phone | null>(null);
  const [adding, setAdding] = useState(false);

  const load = useCallback(async () => {
    const [p, e] = await Promise.all([
      api.get<PhoneList>("/phones"),
      api.get<{ items: ExtensionBrief[] }>("/extensions?limit=1000"),
    ]);
    if (p.ok) setList(p.data);
    if (e.ok) setExtensions(e.data.items);
  }, [api]);
  useEffect(() => void load(), [load]);

  const setting = async (patch: Partial<PhoneList["settings"]>) => {
    await api.patch("/provisioning/settings", patch);
    await load();
  };
  const remove = async (p: Phone) => {
    if (!confirm(t("app.confirmDelete", { name: macText(p.mac) }))) return;
    await api.delete(`/phones/${p.mac}`);
    await load();
  };

  if (!list) return html`<p>${t("app.loading")}</p>`;
  return html`<section class="page">
    <div class="page-head">
      <h1>${t("prov.title")}</h1>
      <div class="toolbar">
        <button type="button" data-action="scan" onClick=${() => load()}>${t("prov.scan")}</button>
        <button type="button" class="primary" data-action="add-phone" onClick=${() => setAdding(true)}>${t("prov.add")}</button>
      </div>
    </div>
    <div class="form" data-form="pnp">
      <${CheckField} name="pnp" label=${t("prov.pnp")} checked=${list.settings.pnp} hint=${t("prov.pnpHint")} onChange=${(on: boolean) => setting({ pnp: on })} />
      <${CheckField} name="multicast" label=${t("prov.multicast")} checked=${list.settings.multicast} hint=${t("prov.multicastHint")} onChange=${(on: boolean) => setting({ multicast: on })} />
      <p class="muted">${t("prov.url")} <span class="mono provisioning-url" data-provisioning-url>${list.url}</span></p>
    </div>
    ${
      list.items.length === 0
        ? html`<p class="muted">${t("prov.empty")}</p>`
        : html`<div class="table-wrap"><table class="table stack">
          <thead><tr>
            <th>${t("prov.mac")}</th><th>${t("prov.vendor")}</th><th>${t("prov.model")}</th><th>${t("prov.firmware")}</th>
            <th>${t("prov.address")}</th><th>${t("prov.lines")}</th><th>${t("prov.blfKeys")}</th><th>${t("prov.assigned")}</th><th>${t("prov.lastFetch")}</th><th></th>
          </tr></thead>
          <tbody>
            ${list.items.map(
              (p) => html`<tr key=${p.mac} data-phone=${p.mac}>
                <td class="mono" data-label=${t("prov.mac")}>${macText(p.mac)}</td>
                <td data-label=${t("prov.vendor")}>${p.vendor}</td>
                <td data-label=${t("prov.model")}>${p.model}</td>
                <td data-label=${t("prov.firmware")}>${p.firmware}</td>
                <td data-label=${t("prov.address")}>${p.source === "manual" ? t("prov.typed") : p.address}</td>
                <td data-label=${t("prov.lines")} data-lines>${p.lines.join(", ")}</td>
                <td data-label=${t("prov.blfKeys")} data-blf>${p.blfKeys.map((k) => k.extension).join(", ")}</td>
                <td data-label=${t("prov.assigned")}>${p.assignedBy ? t("prov.assignedBy", { who: p.assignedBy, when: when(p.assignedAt) }) : ""}</td>
                <td data-label=${t("prov.lastFetch")}>${when(p.lastFetchAt)}</td>
                <td class="actions">
                  <button type="button" class="link" data-action="configure" onClick=${() => setEditing(p)}>${t("prov.configure")}</button>
                  <button type="button" class="link danger" onClick=${() => remove(p)}>${t("app.delete")}</button>
                </td>
              </tr>`,
            )}
          </tbody>
        </table></div>`
    }
    ${
      adding
        ? html`<${AddPhoneDialog} vendors=${list.vendors} onClose=${() => setAdding(false)} onSaved=${() => {
            setAdding(false);
            void load();
          }} />`
        : null
    }
    ${
      editing
        ? html`<${AssignDialog} phone=${editing} extensions=${extensions} onClose=${() => setEditing(null)} onSaved=${() => {
            setEditing(null);
            void load();
          }} />`
        : null
    }
  </section>`;
}

function AddPhoneDialog(props: { vendors: string[]; onClose: () => void; onSaved: () => void }) {
  const { t, api } = useApp();
  const form = useForm({ mac: "", vendor: props.vendors[0] ?? "", model: "" }, t);
  const v = form.values;
  const formRef = useRef<HTMLFormElement>(null);
  const refusal = useRefusalBesideSave(formRef, form.errors, form.formError, t);
  const { busy, onSubmit } = useSubmit(async () => {
    const r = await api.post("/phones", v);
    if (r.ok) props.onSaved();
    else form.fail(r);
  });
  return html`<${Dialog} title=${t("prov.add")} onClose=${props.onClose}>
    <form class="form" ref=${formRef} onSubmit=${onSubmit} noValidate data-form="add-phone">
      <${TextField} name="mac" label=${t("prov.mac")} value=${v.mac} maxLength=${17} hint=${t("prov.macHint")} error=${form.errors.mac} onInput=${(x: string) => form.set("mac", x)} />
      <${SelectField} name="vendor" label=${t("prov.vendor")} value=${v.vendor} error=${form.errors.vendor} options=${props.vendors.map((x) => ({ value: x, label: x }))} onChange=${(x: string) => form.set("vendor", x)} />
      <${TextField} name="model" label=${t("prov.model")} value=${v.model} maxLength=${64} error=${form.errors.model} onInput=${(x: string) => form.set("model", x)} />
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      <${FormActions} t=${t} busy=${busy} refusal=${refusal} onCancel=${props.onClose} />
    </form>
  </${Dialog}>`;
}

function AssignDialog(props: {
  phone: Phone;
  extensions: ExtensionBrief[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, api } = useApp();
  const p = props.phone;
  const slots = Array.from({ length: p.maxLines }, (_, i) => p.lines[i] ?? "");
  const form = useForm(
    {
      lines: slots,
      blfKeys: p.blfKeys,
      speedDials: p.speedDials,
      idleText: p.idleText,
      callWaiting: p.callWaiting,
      httpUser: p.httpUser,
      httpPassword: "",
    },
    t,
  );
  const v = form.values;
  const choices: Choice[] = [
    { value: "", label: t("prov.none") },
    ...props.extensions.map((e) => ({
      value: e.number,
      label: `${e.number} ${e.displayName}`.trim(),
    })),
  ];
  const lineCount = Math.max(1, v.lines.filter((x) => x !== "").length);
  const lineChoices = Array.from({ length: lineCount }, (_, i) => ({
    value: String(i + 1),
    label: t("prov.lineN", { n: i + 1 }),
  }));
  const setKey = (index: number, patch: Partial<BlfKey>) =>
    form.set(
      "blfKeys",
      v.blfKeys.map((k, i) => (i === index ? { ...k, ...patch } : k)),
    );
  const setDial = (index: number, patch: Partial<SpeedDial>) =>
    form.set(
      "speedDials",
      v.speedDials.map((k, i) => (i === index ? { ...k, ...patch } : k)),
    );
  const formRef = useRef<HTMLFormElement>(null);
  const refusal = useRefusalBesideSave(formRef, form.errors, form.formError, t);
  const { busy, onSubmit } = useSubmit(async () => {
    const body = {
      lines: v.lines.filter((x) => x !== ""),
      blfKeys: v.blfKeys.filter((k) => k.extension !== ""),
      speedDials: v.speedDials.filter((k) => k.number !== ""),
      idleText: v.idleText,
      callWaiting: v.callWaiting,
      httpUser: v.httpUser,
      ...(v.httpPassword !== "" ? { httpPassword: v.httpPassword } : {}),
    };
    const r = await api.put(`/phones/${p.mac}/assignment`, body);
    if (r.ok) props.onSaved();
    else form.fail(r);
  });
  return html`<${Dialog} title=${t("prov.configureTitle", { mac: macText(p.mac), model: `${p.vendor} ${p.model}`.trim() })} onClose=${props.onClose}>
    <form class="form" ref=${formRef} onSubmit=${onSubmit} noValidate data-form="assign-phone">
      <fieldset class=${`field${form.errors.lines ? " has-error" : ""}`} data-field="lines">
        <legend>${t("prov.lines")} <small>${t("prov.linesHint", { max: p.maxLines })}</small></legend>
        ${v.lines.map(
          (value, i) =>
            html`<${SelectField} key=${i} name=${`line${i + 1}`} label=${t("prov.lineN", { n: i + 1 })} value=${value} options=${choices} onChange=${(
              x: string,
            ) =>
              form.set(
                "lines",
                v.lines.map((old, j) => (j === i ? x : old)),
              )} />`,
        )}
        ${form.errors.lines ? html`<small class="field-error" role="alert">${form.errors.lines}</small>` : null}
      </fieldset>
      <fieldset class=${`field${form.errors.blfKeys ? " has-error" : ""}`} data-field="blfKeys">
        <legend>${t("prov.blfKeys")} <small>${t("prov.blfHint")}</small></legend>
        ${v.blfKeys.map(
          (k, i) => html`<div class="blf-key" key=${i} data-blf-key=${i + 1}>
            <${SelectField} name=${`blf${i + 1}`} label=${t("prov.blfN", { n: i + 1 })} value=${k.extension} options=${choices} onChange=${(x: string) => setKey(i, { extension: x })} />
            <${TextField} name=${`blfLabel${i + 1}`} label=${t("prov.blfLabel")} value=${k.label} maxLength=${32} onInput=${(x: string) => setKey(i, { label: x })} />
            <${SelectField} name=${`blfLine${i + 1}`} label=${t("prov.blfLine")} value=${String(k.line)} options=${lineChoices} onChange=${(x: string) => setKey(i, { line: Number(x) })} />
            <button type="button" class="link danger" onClick=${() =>
              form.set(
                "blfKeys",
                v.blfKeys.filter((_, j) => j !== i),
              )}>${t("app.delete")}</button>
          </div>`,
        )}
        <button type="button" class="link" data-action="add-blf" onClick=${() => form.set("blfKeys", [...v.blfKeys, { extension: "", label: "", line: 1 }])}>${t("prov.addBlf")}</button>
        ${form.errors.blfKeys ? html`<small class="field-error" role="alert">${form.errors.blfKeys}</small>` : null}
      </fieldset>
      <fieldset class=${`field${form.errors.speedDials ? " has-error" : ""}`} data-field="speedDials">
        <legend>${t("prov.speedDials")} <small>${t("prov.speedHint")}</small></legend>
        ${v.speedDials.map(
          (k, i) => html`<div class="blf-key" key=${i} data-speed-dial=${i + 1}>
            <${TextField} name=${`speed${i + 1}`} label=${t("prov.speedN", { n: i + 1 })} value=${k.number} maxLength=${32} onInput=${(x: string) => setDial(i, { number: x })} />
            <${TextField} name=${`speedLabel${i + 1}`} label=${t("prov.blfLabel")} value=${k.label} maxLength=${32} onInput=${(x: string) => setDial(i, { label: x })} />
            <${SelectField} name=${`speedLine${i + 1}`} label=${t("prov.speedLine")} value=${String(k.line)} options=${lineChoices} onChange=${(x: string) => setDial(i, { line: Number(x) })} />
            <button type="button" class="link danger" onClick=${() =>
              form.set(
                "speedDials",
                v.speedDials.filter((_, j) => j !== i),
              )}>${t("app.delete")}</button>
          </div>`,
        )}
        <button type="button" class="link" data-action="add-speed-dial" onClick=${() => form.set("speedDials", [...v.speedDials, { number: "", label: "", line: 1 }])}>${t("prov.addSpeed")}</button>
        ${form.errors.speedDials ? html`<small class="field-error" role="alert">${form.errors.speedDials}</small>` : null}
      </fieldset>
      <${CheckField} name="callWaiting" label=${t("prov.callWaiting")} checked=${v.callWaiting} onChange=${(x: boolean) => form.set("callWaiting", x)} />
      <${TextField} name="idleText" label=${t("prov.idleText")} value=${v.idleText} maxLength=${32} hint=${t("prov.idleTextHint")} error=${form.errors.idleText} onInput=${(x: string) => form.set("idleText", x)} />
      <${TextField} name="httpUser" label=${t("prov.httpUser")} value=${v.httpUser} maxLength=${64} hint=${t("prov.httpHint")} error=${form.errors.httpUser} onInput=${(x: string) => form.set("httpUser", x)} />
      <${TextField} name="httpPassword" type="password" label=${t("prov.httpPassword")} value=${v.httpPassword} maxLength=${64} placeholder=${p.hasHttpPassword ? t("prov.keep") : ""} error=${form.errors.httpPassword} onInput=${(x: string) => form.set("httpPassword", x)} />
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      <${FormActions} t=${t} busy=${busy} refusal=${refusal} onCancel=${props.onClose} />
    </form>
  </${Dialog}>`;
}
