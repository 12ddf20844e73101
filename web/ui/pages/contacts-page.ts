// SPEC CALL-17: the phonebook page. Staff add shared contacts and see every contact; an
// extension user adds its own and sees the shared ones read-only. Extensions are listed too,
// read-only (they come from the extension list). The sheet: a template to fill in, an export,
// and an import that adds every row or none, listing each refused row and why.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { API_BASE, type ApiFailure } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { type Item, type ResourceConfig, ResourcePage } from "../components/resource-page.ts";
import type { MessageKey } from "../i18n/en.ts";

const FIELD_LABEL: Record<string, MessageKey> = {
  name: "pb.name",
  office: "pb.office",
  mobile: "pb.mobile",
  other: "pb.other",
  company: "pb.company",
  department: "pb.department",
};

type Translate = ReturnType<typeof useApp>["t"];

function config(t: Translate, role: string): ResourceConfig {
  const text = (name: string) => (i: Item) => String(i[name] ?? "");
  return {
    path: "/contacts",
    kind: "contact",
    title: "pb.title",
    add: "pb.add",
    empty: "pb.empty",
    columns: [
      { label: "pb.name", value: text("name") },
      { label: "pb.office", value: text("office") },
      { label: "pb.mobile", value: text("mobile") },
      { label: "pb.other", value: text("other") },
      { label: "pb.company", value: text("company") },
      { label: "pb.department", value: text("department") },
      {
        label: "pb.visibility",
        value: (i) =>
          i.owner ? t("pb.onlyExtension", { owner: String(i.owner) }) : t("pb.everyone"),
      },
    ],
    fields: (["name", "office", "mobile", "other", "company", "department"] as const).map(
      (name) => ({ name, label: FIELD_LABEL[name]!, kind: "text" as const }),
    ),
    defaults: { name: "", office: "", mobile: "", other: "", company: "", department: "" },
    readOnly: (i) => i.kind === "extension" || (role === "extension" && i.owner === null),
    readOnlyLabel: (i) => (i.kind === "extension" ? "pb.extensionRow" : "pb.sharedRow"),
    toBody: (values) =>
      Object.fromEntries(Object.keys(FIELD_LABEL).map((k) => [k, String(values[k] ?? "")])),
  };
}

interface RowError {
  row: number;
  field?: string;
  reason: string;
}

function rowErrorsOf(failure: ApiFailure): RowError[] {
  const rows = failure.params?.rows;
  return Array.isArray(rows) ? (rows as RowError[]) : [];
}

export function ContactsPage() {
  const { t, api, me } = useApp();
  const [generation, setGeneration] = useState(0);
  const [note, setNote] = useState("");
  const [error, setError] = useState("");
  const [rowErrors, setRowErrors] = useState<RowError[]>([]);

  const importFile = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const sheet = new Blob([await file.arrayBuffer()], {
      type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });
    const r = await api.upload<{ added: number }>("/contacts/import", sheet);
    input.value = "";
    setNote(r.ok ? t("pb.imported", { count: r.data.added }) : "");
    setRowErrors(r.ok ? [] : rowErrorsOf(r));
    setError(
      r.ok
        ? ""
        : r.code === "invalid-rows"
          ? t("pb.importFailed")
          : r.field === "file"
            ? t("pb.notXlsx")
            : t("app.error", { message: r.message }),
    );
    if (r.ok) setGeneration((g) => g + 1);
  };

  const describe = (e: RowError) => {
    const reason = t(`pb.reason.${e.reason}` as MessageKey);
    const label = e.field ? FIELD_LABEL[e.field] : undefined;
    return label
      ? t("pb.rowError", { row: e.row, field: t(label), reason })
      : t("pb.rowErrorNoField", { row: e.row, reason });
  };

  return html`<div data-view-part="contacts">
    <div class="toolbar contact-files">
      <label class="button">${t("pb.import")}<input type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" hidden data-action="import-contacts" onChange=${importFile} /></label>
      <a class="button" href=${`${API_BASE}/contacts/template.xlsx`} download="phonebook-template.xlsx" data-action="contacts-template">${t("pb.template")}</a>
      <a class="button" href=${`${API_BASE}/contacts/export.xlsx`} download="phonebook.xlsx" data-action="export-contacts">${t("pb.export")}</a>
    </div>
    ${note ? html`<p class="note" role="status">${note}</p>` : null}
    ${
      error
        ? html`<div class="form-error" role="alert" data-error="contacts-import"><p>${error}</p>
          ${rowErrors.length > 0 ? html`<ul>${rowErrors.map((e) => html`<li data-row=${e.row}>${describe(e)}</li>`)}</ul>` : null}</div>`
        : null
    }
    <${ResourcePage} key=${generation} config=${config(t, me.role)} />
    <p class="muted">${t("pb.ldapHint")}</p>
  </div>`;
}
