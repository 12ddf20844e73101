// SPEC EXT-2, EXT-3, EXT-4: the IP extensions: search, sort by any column, choose the page
// size; where each phone registered from and its model; add, bulk add, edit, delete; check
// many for bulk edit, bulk delete or mailing their QR codes; the quick registration codes
// (shown, and exported as .xlsx) and the QR codes (shown, mailed).
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { API_BASE } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import type { MessageKey } from "../i18n/en.ts";
import { BulkAddDialog } from "./bulk-add-dialog.ts";
import { BulkEditDialog, type BulkEditResult } from "./bulk-edit-dialog.ts";
import type { Department } from "./departments-page.ts";
import { ExtensionDialog } from "./extension-dialog.ts";
import type { Extension } from "./extension-fields.ts";
import { QrDialog } from "./qr-dialog.ts";
import { type MailOutcome, MailResults, mailQrCodes } from "./qr-mail-results.ts";

const PAGE_SIZES = [10, 20, 50, 100];
const PAGE_SIZE_KEY = "pbx.extensions.pageSize";

interface RegisteredPhone {
  address: string;
  transport: string;
  userAgent: string;
  model: string;
}

type Listed = Extension & { registrations: RegisteredPhone[] };

interface Page {
  items: Listed[];
  total: number;
}

type SortColumn = "number" | "displayName" | "email" | "department" | "address" | "model";

const COLUMNS: { id: SortColumn; label: MessageKey }[] = [
  { id: "number", label: "ext.number" },
  { id: "displayName", label: "ext.displayName" },
  { id: "email", label: "ext.email" },
  { id: "department", label: "ext.department" },
  { id: "address", label: "ext.address" },
  { id: "model", label: "ext.model" },
];

function storedPageSize(): number {
  const stored = Number(globalThis.localStorage?.getItem(PAGE_SIZE_KEY));
  return PAGE_SIZES.includes(stored) ? stored : 20;
}

export function ExtensionsPage() {
  const { t, api, language } = useApp();
  const [search, setSearch] = useState("");
  const [offset, setOffset] = useState(0);
  const [pageSize, setPageSize] = useState(storedPageSize);
  const [sort, setSort] = useState<{ column: SortColumn; descending: boolean }>({
    column: "number",
    descending: false,
  });
  const [page, setPage] = useState<Page | null>(null);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [editing, setEditing] = useState<Extension | "new" | null>(null);
  const [bulk, setBulk] = useState(false);
  const [bulkEdit, setBulkEdit] = useState(false);
  const [qr, setQr] = useState<Extension | null>(null);
  const [checked, setChecked] = useState<string[]>([]);
  const [note, setNote] = useState("");
  const [error, setError] = useState("");
  const [mailed, setMailed] = useState<MailOutcome[] | null>(null);
  const [working, setWorking] = useState<"" | "mail" | "delete">("");

  const load = useCallback(async () => {
    const query = new URLSearchParams({
      offset: String(offset),
      limit: String(pageSize),
      sort: sort.column,
      order: sort.descending ? "desc" : "asc",
    });
    if (search) query.set("search", search);
    const r = await api.get<Page>(`/extensions?${query}`);
    if (r.ok) setPage(r.data);
  }, [api, search, offset, pageSize, sort]);
  useEffect(() => void load(), [load]);
  // Lists carry no password or PIN; the edit dialog asks for them on opening.
  const edit = async (e: Extension) => {
    const r = await api.get<Pick<Extension, "sipPassword" | "voicemailPin">>(
      `/extensions/${e.number}/secrets`,
    );
    setEditing(r.ok ? { ...e, ...r.data } : e);
  };
  useEffect(() => {
    void api
      .get<{ items: Department[] }>("/departments")
      .then((r) => r.ok && setDepartments(r.data.items));
  }, [api]);

  const say = (text: string, failure = "") => {
    setNote(text);
    setError(failure);
    setMailed(null);
  };
  const remove = async (e: Extension) => {
    if (!confirm(t("app.confirmDelete", { name: e.number }))) return;
    await api.delete(`/extensions/${e.number}`);
    setChecked((c) => c.filter((n) => n !== e.number));
    await load();
  };
  const removeChecked = async () => {
    const list = checked.join(", ");
    if (!confirm(t("ext.confirmBulkDelete", { count: checked.length, numbers: list }))) return;
    setWorking("delete");
    const r = await api.post<{ deleted: string[] }>("/extensions/bulk-delete", {
      numbers: checked,
    });
    setWorking("");
    if (!r.ok) return say("", t("app.error", { message: r.message }));
    // The list is reloaded before the note, so "deleted" never shows beside rows still listed.
    setChecked([]);
    setOffset(0);
    await load();
    say(t("ext.bulkDeleted", { count: r.data.deleted.length }));
  };
  const mailChecked = async () => {
    setWorking("mail");
    const r = await mailQrCodes(api, language, checked);
    setWorking("");
    if (!r.ok) return say("", t("app.error", { message: r.message }));
    say("");
    setMailed(r.outcomes);
  };
  const edited = (result: BulkEditResult) => {
    setBulkEdit(false);
    const refused = result.refused.map((x) =>
      t("ext.bulkRefused", { number: x.number, message: x.message }),
    );
    say(t("ext.bulkEdited", { count: result.updated.length }), refused.join("; "));
    void load();
  };
  const toggle = (number: string, on: boolean) =>
    setChecked((c) => (on ? [...c, number] : c.filter((n) => n !== number)));
  const onPage = page?.items.map((e) => e.number) ?? [];
  const allOnPage = onPage.length > 0 && onPage.every((n) => checked.includes(n));
  const togglePage = (on: boolean) =>
    setChecked((c) =>
      on ? [...c, ...onPage.filter((n) => !c.includes(n))] : c.filter((n) => !onPage.includes(n)),
    );
  const sortBy = (column: SortColumn) => {
    setSort((s) => ({
      column,
      descending: s.column === column ? !s.descending : false,
    }));
    setOffset(0);
  };
  const choosePageSize = (size: number) => {
    globalThis.localStorage?.setItem(PAGE_SIZE_KEY, String(size));
    setPageSize(size);
    setOffset(0);
  };
  const deptName = (id: number | null) => departments.find((d) => d.id === id)?.name ?? "";

  const header = (c: (typeof COLUMNS)[number]) => {
    const active = sort.column === c.id;
    const ariaSort = active ? (sort.descending ? "descending" : "ascending") : undefined;
    return html`<th key=${c.id} aria-sort=${ariaSort}>
      <button type="button" class="sort" data-sort=${c.id} onClick=${() => sortBy(c.id)}>
        ${t(c.label)}<span class="sort-mark" aria-hidden="true">${active ? (sort.descending ? "▼" : "▲") : "↕"}</span>
      </button>
    </th>`;
  };
  const phones = (e: Listed, what: "address" | "model") =>
    e.registrations.length === 0
      ? what === "address"
        ? html`<span class="muted">${t("ext.unregistered")}</span>`
        : null
      : e.registrations.map(
          (r) =>
            html`<div key=${r.address} title=${what === "model" ? r.userAgent : r.transport.toUpperCase()}>${what === "address" ? r.address : r.model}</div>`,
        );

  return html`<section class="page">
    <div class="page-head">
      <h1>${t("ext.title")}</h1>
      <div class="toolbar">
        <button type="button" class="primary" data-action="add-extension" onClick=${() => setEditing("new")}>${t("ext.add")}</button>
        <button type="button" data-action="bulk-add" onClick=${() => setBulk(true)}>${t("ext.bulkAdd")}</button>
        <a class="button" data-action="export-codes" href=${`${API_BASE}/extensions/quick-codes.xlsx?lang=${language}`} download="quick-codes.xlsx">${t("ext.exportCodes")}</a>
      </div>
    </div>
    <form class="search" onSubmit=${(e: Event) => e.preventDefault()}>
      <input
        type="search"
        name="search"
        placeholder=${t("ext.searchHint")}
        aria-label=${t("app.search")}
        value=${search}
        onInput=${(e: Event) => {
          setSearch((e.currentTarget as HTMLInputElement).value);
          setOffset(0);
        }}
      />
    </form>
    ${
      checked.length > 0
        ? html`<div class="selection" data-selection>
          <span data-selected-count>${t("ext.selected", { count: checked.length })}</span>
          <button type="button" data-action="bulk-edit" onClick=${() => setBulkEdit(true)}>${t("ext.bulkEdit")}</button>
          <button type="button" data-action="mail-checked" disabled=${working !== ""} aria-busy=${working === "mail" ? "true" : undefined} onClick=${mailChecked}>
            ${working === "mail" ? html`<span class="spinner" aria-hidden="true"></span>${t("mail.sending")}` : t("ext.mailQr")}
          </button>
          <button type="button" class="danger" data-action="bulk-delete" disabled=${working !== ""} onClick=${removeChecked}>${t("ext.bulkDelete")}</button>
          <button type="button" class="link" data-action="clear-selection" onClick=${() => setChecked([])}>${t("ext.clearSelection")}</button>
        </div>`
        : null
    }
    ${note ? html`<p class="note" role="status">${note}</p>` : null}
    ${error ? html`<p class="form-error" role="alert" data-error="extensions">${error}</p>` : null}
    ${mailed ? html`<${MailResults} t=${t} outcomes=${mailed} />` : null}
    ${
      !page
        ? html`<p>${t("app.loading")}</p>`
        : page.items.length === 0
          ? html`<p class="muted">${t("ext.empty")}</p>`
          : html`<div class="table-wrap"><table class="table stack" data-table="extensions">
            <thead><tr>
              <th><input type="checkbox" data-action="select-page" aria-label=${t("ext.selectPage")} checked=${allOnPage} onChange=${(ev: Event) => togglePage((ev.currentTarget as HTMLInputElement).checked)} /></th>
              ${COLUMNS.map(header)}
              <th>${t("ext.quickCode")}</th><th></th>
            </tr></thead>
            <tbody>
              ${page.items.map(
                (
                  e,
                ) => html`<tr key=${e.number} data-extension=${e.number} class=${checked.includes(e.number) ? "checked" : ""}>
                  <td class="pick"><input type="checkbox" aria-label=${e.number} checked=${checked.includes(e.number)} onChange=${(ev: Event) => toggle(e.number, (ev.currentTarget as HTMLInputElement).checked)} /></td>
                  <td class="lead" data-label=${t("ext.number")}>${e.number}</td>
                  <td data-label=${t("ext.displayName")}>${e.displayName}</td>
                  <td data-label=${t("ext.email")}>${e.email}</td>
                  <td data-label=${t("ext.department")}>${deptName(e.departmentId)}</td>
                  <td data-label=${t("ext.address")} data-address>${phones(e, "address")}</td>
                  <td data-label=${t("ext.model")} data-model>${phones(e, "model")}</td>
                  <td class="mono" data-label=${t("ext.quickCode")} data-quick-code>${e.quickCode ?? ""}</td>
                  <td class="actions">
                    <button type="button" class="link" data-action="qr" onClick=${() => setQr(e)}>${t("ext.qr")}</button>
                    <button type="button" class="link" data-action="edit" onClick=${() => void edit(e)}>${t("app.edit")}</button>
                    <button type="button" class="link danger" data-action="delete" onClick=${() => remove(e)}>${t("app.delete")}</button>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table></div>
          <div class="pager">
            <label class="page-size">${t("app.pageSize")}
              <select name="pageSize" value=${String(pageSize)} onChange=${(e: Event) => choosePageSize(Number((e.currentTarget as HTMLSelectElement).value))}>
                ${PAGE_SIZES.map((n) => html`<option value=${String(n)} selected=${n === pageSize}>${n}</option>`)}
              </select>
            </label>
            <button type="button" data-action="previous" disabled=${offset === 0} onClick=${() => setOffset(Math.max(0, offset - pageSize))}>${t("app.previous")}</button>
            <span data-range>${t("app.pageOf", { from: offset + 1, to: Math.min(offset + pageSize, page.total), total: page.total })}</span>
            <button type="button" data-action="next" disabled=${offset + pageSize >= page.total} onClick=${() => setOffset(offset + pageSize)}>${t("app.next")}</button>
          </div>`
    }
    ${
      editing
        ? html`<${ExtensionDialog}
          extension=${editing === "new" ? null : editing}
          departments=${departments}
          onClose=${() => setEditing(null)}
          onSaved=${() => {
            setEditing(null);
            void load();
          }}
        />`
        : null
    }
    ${
      bulk
        ? html`<${BulkAddDialog}
          departments=${departments}
          onClose=${() => setBulk(false)}
          onSaved=${(count: number) => {
            setBulk(false);
            say(t("bulk.added", { count }));
            void load();
          }}
        />`
        : null
    }
    ${
      bulkEdit
        ? html`<${BulkEditDialog} numbers=${checked} departments=${departments} onClose=${() => setBulkEdit(false)} onSaved=${edited} />`
        : null
    }
    ${qr ? html`<${QrDialog} extension=${qr} onClose=${() => setQr(null)} />` : null}
  </section>`;
}
