// SPEC EXT-2, EXT-3, EXT-4: the IP extensions: search and paging, add, bulk add, edit, delete,
// the quick registration codes (shown, and exported as .xlsx) and the QR codes (shown, mailed
// to the checked extensions' users).
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { API_BASE } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { BulkAddDialog } from "./bulk-add-dialog.ts";
import type { Department } from "./departments-page.ts";
import { ExtensionDialog } from "./extension-dialog.ts";
import type { Extension } from "./extension-fields.ts";
import { QrDialog } from "./qr-dialog.ts";

const PAGE_SIZE = 20;

interface Page {
  items: Extension[];
  total: number;
}

export function ExtensionsPage() {
  const { t, api, language } = useApp();
  const [search, setSearch] = useState("");
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page | null>(null);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [editing, setEditing] = useState<Extension | "new" | null>(null);
  const [bulk, setBulk] = useState(false);
  const [qr, setQr] = useState<Extension | null>(null);
  const [checked, setChecked] = useState<string[]>([]);
  const [note, setNote] = useState("");

  const load = useCallback(async () => {
    const query = new URLSearchParams({ offset: String(offset), limit: String(PAGE_SIZE) });
    if (search) query.set("search", search);
    const r = await api.get<Page>(`/extensions?${query}`);
    if (r.ok) setPage(r.data);
  }, [api, search, offset]);
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

  const remove = async (e: Extension) => {
    if (!confirm(t("app.confirmDelete", { name: e.number }))) return;
    await api.delete(`/extensions/${e.number}`);
    await load();
  };
  const mailChecked = async () => {
    const r = await api.post<{ sent: string[]; skipped: { number: string }[] }>(
      `/extensions/qr-mail?lang=${language}`,
      { numbers: checked },
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
  const toggle = (number: string, on: boolean) =>
    setChecked((c) => (on ? [...c, number] : c.filter((n) => n !== number)));
  const deptName = (id: number | null) => departments.find((d) => d.id === id)?.name ?? "";

  return html`<section class="page">
    <div class="page-head">
      <h1>${t("ext.title")}</h1>
      <div class="toolbar">
        <button type="button" class="primary" data-action="add-extension" onClick=${() => setEditing("new")}>${t("ext.add")}</button>
        <button type="button" data-action="bulk-add" onClick=${() => setBulk(true)}>${t("ext.bulkAdd")}</button>
        <a class="button" data-action="export-codes" href=${`${API_BASE}/extensions/quick-codes.xlsx?lang=${language}`} download="quick-codes.xlsx">${t("ext.exportCodes")}</a>
        <button type="button" data-action="mail-checked" disabled=${checked.length === 0} onClick=${mailChecked}>${t("ext.mailQr")}</button>
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
    ${note ? html`<p class="note" role="status">${note}</p>` : null}
    ${
      !page
        ? html`<p>${t("app.loading")}</p>`
        : page.items.length === 0
          ? html`<p class="muted">${t("ext.empty")}</p>`
          : html`<table class="table">
            <thead><tr>
              <th></th><th>${t("ext.number")}</th><th>${t("ext.displayName")}</th><th>${t("ext.email")}</th>
              <th>${t("ext.department")}</th><th>${t("ext.quickCode")}</th><th>${t("ext.qr")}</th><th></th>
            </tr></thead>
            <tbody>
              ${page.items.map(
                (e) => html`<tr key=${e.number} data-extension=${e.number}>
                  <td><input type="checkbox" aria-label=${e.number} checked=${checked.includes(e.number)} onChange=${(ev: Event) => toggle(e.number, (ev.currentTarget as HTMLInputElement).checked)} /></td>
                  <td>${e.number}</td><td>${e.displayName}</td><td>${e.email}</td>
                  <td>${deptName(e.departmentId)}</td>
                  <td class="mono" data-quick-code>${e.quickCode ?? ""}</td>
                  <td><button type="button" class="link" data-action="qr" onClick=${() => setQr(e)}>${t("ext.qr")}</button></td>
                  <td class="actions">
                    <button type="button" class="link" data-action="edit" onClick=${() => void edit(e)}>${t("app.edit")}</button>
                    <button type="button" class="link danger" data-action="delete" onClick=${() => remove(e)}>${t("app.delete")}</button>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>
          <div class="pager">
            <button type="button" data-action="previous" disabled=${offset === 0} onClick=${() => setOffset(Math.max(0, offset - PAGE_SIZE))}>${t("app.previous")}</button>
            <span data-range>${t("app.pageOf", { from: offset + 1, to: Math.min(offset + PAGE_SIZE, page.total), total: page.total })}</span>
            <button type="button" data-action="next" disabled=${offset + PAGE_SIZE >= page.total} onClick=${() => setOffset(offset + PAGE_SIZE)}>${t("app.next")}</button>
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
            setNote(t("bulk.added", { count }));
            void load();
          }}
        />`
        : null
    }
    ${qr ? html`<${QrDialog} extension=${qr} onClose=${() => setQr(null)} />` : null}
  </section>`;
}
