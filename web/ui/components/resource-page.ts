// One admin resource as a page: a table of items and an add/edit dialog whose fields are
// described as data. The trunk and route pages (SPEC ROUTE-1..4) are each such a description;
// list fields are edited one entry per line, ordered lists by drag and drop (CodecOrder).
// With `reorder`, rows are dragged (or moved with the arrows) and the new order is PUT.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useForm } from "../use-form.ts";
import { CodecOrder } from "./codec-order.ts";
import { Dialog } from "./dialog.ts";
import { CheckField, SelectField, TextField } from "./form-fields.ts";

export type Item = Record<string, unknown> & { id: number | null };

export interface FieldDef {
  name: string;
  label: MessageKey;
  kind: "text" | "number" | "password" | "select" | "check" | "lines" | "order";
  hint?: MessageKey;
  /** For select: the values (labels are `${optionLabel}.${value}` keys, or the value). */
  options?: readonly string[];
  optionLabel?: string;
  /** For order: the names that may be used, from `lookups`. */
  lookup?: string;
  /** Shown only when this holds for the values being edited. */
  when?: (values: Record<string, unknown>) => boolean;
  /** Only when creating. */
  createOnly?: boolean;
}

export interface ResourceConfig {
  /** API path, e.g. "/trunks". */
  path: string;
  /** Singular, for data-* attributes and tests: "trunk". */
  kind: string;
  title: MessageKey;
  add: MessageKey;
  empty: MessageKey;
  columns: readonly { label: MessageKey; value: (item: Item) => string }[];
  fields: readonly FieldDef[];
  defaults: Record<string, unknown>;
  /** What an order field chooses from: a fixed list, or [API path, field of each item]. */
  lookups?: Record<string, readonly string[] | readonly [string, string]>;
  /** Items that cannot be edited (built-in classes). */
  readOnly?: (item: Item) => boolean;
  /** What a read-only row says instead of its buttons; "Built in" unless given. */
  readOnlyLabel?: (item: Item) => MessageKey;
  /** The body sent; by default every shown field's value. */
  toBody?: (values: Record<string, unknown>, editing: Item | null) => Record<string, unknown>;
  /** Values of an item in the dialog; by default the item itself. */
  fromItem?: (item: Item) => Record<string, unknown>;
  reorder?: boolean;
}

export function ResourcePage(props: { config: ResourceConfig }) {
  const c = props.config;
  const { t, api } = useApp();
  const [items, setItems] = useState<Item[] | null>(null);
  const [lookups, setLookups] = useState<Record<string, string[]>>({});
  const [editing, setEditing] = useState<Item | "new" | null>(null);
  const [dragged, setDragged] = useState<number | null>(null);

  const load = useCallback(async () => {
    const r = await api.get<{ items: Item[] }>(c.path);
    if (r.ok) setItems(r.data.items);
    const found: Record<string, string[]> = {};
    for (const [name, source] of Object.entries(c.lookups ?? {})) {
      if (!source[0]?.startsWith("/")) {
        found[name] = [...source];
        continue;
      }
      const [path, field] = source as readonly [string, string];
      const l = await api.get<{ items: Record<string, unknown>[] }>(path);
      found[name] = l.ok ? l.data.items.map((i) => String(i[field])) : [];
    }
    setLookups(found);
  }, [api, c]);
  useEffect(() => void load(), [load]);

  const remove = async (item: Item) => {
    if (!confirm(t("app.confirmDelete", { name: String(item.name ?? item.id) }))) return;
    const r = await api.delete(`${c.path}/${item.id}`);
    if (!r.ok) alert(t("app.error", { message: r.message }));
    await load();
  };

  const move = async (from: number, to: number) => {
    if (!items || from === to || to < 0 || to >= items.length) return;
    const next = [...items];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved!);
    setItems(next);
    const r = await api.put<{ items: Item[] }>(`${c.path}/order`, {
      ids: next.map((i) => String(i.id)),
    });
    if (r.ok) setItems(r.data.items);
    else await load();
  };

  if (!items) return html`<p>${t("app.loading")}</p>`;
  return html`<section class="page" data-resource=${c.kind}>
    <div class="page-head">
      <h1>${t(c.title)}</h1>
      <button type="button" class="primary" data-action=${`add-${c.kind}`} onClick=${() => setEditing("new")}>${t(c.add)}</button>
    </div>
    ${
      items.length === 0
        ? html`<p class="muted">${t(c.empty)}</p>`
        : html`<table class="table stack">
          <thead><tr>${c.reorder ? html`<th></th>` : null}${c.columns.map((col) => html`<th>${t(col.label)}</th>`)}<th></th></tr></thead>
          <tbody>
            ${items.map(
              (item, i) => html`<tr
                key=${item.id ?? String(item.name)}
                data-item=${String(item.name ?? item.id)}
                draggable=${c.reorder ? "true" : undefined}
                onDragStart=${() => setDragged(i)}
                onDragOver=${(e: DragEvent) => c.reorder && e.preventDefault()}
                onDrop=${(e: DragEvent) => {
                  e.preventDefault();
                  if (dragged !== null) void move(dragged, i);
                  setDragged(null);
                }}
              >
                ${
                  c.reorder
                    ? html`<td class="grip-cell"><span class="grip">⋮⋮</span>
                      <button type="button" class="icon" disabled=${i === 0} aria-label="↑" onClick=${() => move(i, i - 1)}>↑</button>
                      <button type="button" class="icon" disabled=${i === items.length - 1} aria-label="↓" onClick=${() => move(i, i + 1)}>↓</button></td>`
                    : null
                }
                ${c.columns.map((col, n) => html`<td class=${n === 0 ? "lead" : ""} data-label=${t(col.label)}>${col.value(item)}</td>`)}
                <td class="actions">
                  ${
                    c.readOnly?.(item)
                      ? html`<small class="muted">${t(c.readOnlyLabel?.(item) ?? "rt.builtin")}</small>`
                      : html`<button type="button" class="link" onClick=${() => setEditing(item)}>${t("app.edit")}</button>
                        <button type="button" class="link danger" onClick=${() => remove(item)}>${t("app.delete")}</button>`
                  }
                </td>
              </tr>`,
            )}
          </tbody>
        </table>`
    }
    ${
      editing
        ? html`<${ResourceDialog}
          config=${c}
          item=${editing === "new" ? null : editing}
          lookups=${lookups}
          onClose=${() => setEditing(null)}
          onSaved=${() => {
            setEditing(null);
            void load();
          }}
        />`
        : null
    }
  </section>`;
}

function ResourceDialog(props: {
  config: ResourceConfig;
  item: Item | null;
  lookups: Record<string, string[]>;
  onClose: () => void;
  onSaved: () => void;
}) {
  const c = props.config;
  const { t, api } = useApp();
  const start = props.item
    ? { ...c.defaults, ...(c.fromItem?.(props.item) ?? props.item) }
    : c.defaults;
  const form = useForm<Record<string, unknown>>(start, t);
  const v = form.values;
  const shown = c.fields.filter((f) => (!f.createOnly || !props.item) && (!f.when || f.when(v)));

  const save = async (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    for (const f of shown) body[f.name] = v[f.name];
    const sent = c.toBody ? c.toBody(body, props.item) : body;
    const r = props.item
      ? await api.patch(`${c.path}/${props.item.id}`, sent)
      : await api.post(c.path, sent);
    if (r.ok) props.onSaved();
    else form.fail(r);
  };

  const field = (f: FieldDef) => {
    const common = {
      name: f.name,
      label: t(f.label),
      error: form.errors[f.name],
      hint: f.hint ? t(f.hint) : undefined,
    };
    switch (f.kind) {
      case "check":
        return html`<${CheckField} ...${common} checked=${Boolean(v[f.name])} onChange=${(x: boolean) => form.set(f.name, x)} />`;
      case "select":
        return html`<${SelectField}
          ...${common}
          value=${String(v[f.name] ?? "")}
          options=${(f.options ?? []).map((o) => ({ value: o, label: f.optionLabel ? t(`${f.optionLabel}.${o}` as MessageKey) : o }))}
          onChange=${(x: string) => form.set(f.name, x)}
        />`;
      case "number":
        return html`<${TextField} ...${common} type="number" value=${Number(v[f.name] ?? 0)} onInput=${(x: string) => form.set(f.name, Number.parseInt(x, 10) || 0)} />`;
      case "lines":
        return html`<label class=${`field${common.error ? " has-error" : ""}`} data-field=${f.name}>
          <span class="field-label">${common.label}</span>
          <textarea name=${f.name} rows="4" onInput=${(e: Event) =>
            form.set(
              f.name,
              (e.currentTarget as HTMLTextAreaElement).value
                .split("\n")
                .map((l) => l.trim())
                .filter((l) => l !== ""),
            )}>${((v[f.name] as string[] | undefined) ?? []).join("\n")}</textarea>
          ${common.hint && !common.error ? html`<small class="field-hint">${common.hint}</small>` : null}
          ${common.error ? html`<small class="field-error" role="alert">${common.error}</small>` : null}
        </label>`;
      case "order":
        return html`<div class=${`field${common.error ? " has-error" : ""}`} data-field=${f.name}>
          <span class="field-label">${common.label}</span>
          <${CodecOrder}
            value=${(v[f.name] as string[] | undefined) ?? []}
            known=${props.lookups[f.lookup ?? ""] ?? []}
            unusedLabel=${t("rt.unused")}
            onChange=${(x: string[]) => form.set(f.name, x)}
          />
          ${common.hint && !common.error ? html`<small class="field-hint">${common.hint}</small>` : null}
          ${common.error ? html`<small class="field-error" role="alert">${common.error}</small>` : null}
        </div>`;
      default:
        return html`<${TextField}
          ...${common}
          type=${f.kind === "password" ? "password" : "text"}
          autocomplete=${f.kind === "password" ? "new-password" : "off"}
          value=${String(v[f.name] ?? "")}
          onInput=${(x: string) => form.set(f.name, x)}
        />`;
    }
  };

  const title = props.item ? t("rt.edit", { name: String(props.item.name ?? "") }) : t(c.add);
  return html`<${Dialog} title=${title} wide=${true} onClose=${props.onClose}>
    <form class="form" data-form=${c.kind} onSubmit=${save}>
      ${shown.map(field)}
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      <div class="buttons">
        <button type="button" onClick=${props.onClose}>${t("app.cancel")}</button>
        <button type="submit" class="primary">${t("app.save")}</button>
      </div>
    </form>
  </${Dialog}>`;
}
