// SPEC CALL-17 "Excel template export and import": the phonebook sheet's columns and the
// checking of an imported sheet row by row. The .xlsx container itself is web/api/export's;
// here a sheet is rows of cell texts. Row numbers are the spreadsheet's own (header = row 1),
// so an error points at the row the user sees.
import {
  type ContactFields,
  checkContact,
  MAX_CONTACTS,
  normalizeContact,
} from "./contact-store.ts";

/** The columns, in order, with the header text of the template (Chinese and English). */
export const SHEET_COLUMNS: readonly { field: keyof ContactFields; header: string }[] = [
  { field: "name", header: "姓名 Name" },
  { field: "office", header: "办公电话 Office" },
  { field: "mobile", header: "手机 Mobile" },
  { field: "other", header: "其他电话 Other" },
  { field: "company", header: "公司 Company" },
  { field: "department", header: "部门 Department" },
];

/** One refused row: which sheet row, which column's field, and why. */
export interface SheetRowError {
  row: number;
  field?: string;
  message: string;
  /** required, too-long, pattern, no-number, header, empty, too-many */
  reason: string;
}

export type SheetResult =
  | { ok: true; contacts: ContactFields[] }
  | { ok: false; errors: SheetRowError[] };

/** The sheet's rows for `contacts` (header first): the export, and with no contacts the template. */
export function phonebookSheetRows(contacts: readonly ContactFields[]): string[][] {
  return [
    SHEET_COLUMNS.map((c) => c.header),
    ...contacts.map((c) => SHEET_COLUMNS.map((col) => c[col.field])),
  ];
}

/** Checks every row after the header; blank rows are skipped. All rows good, or every fault. */
export function readPhonebookSheet(rows: readonly (readonly string[])[]): SheetResult {
  const errors: SheetRowError[] = [];
  const contacts: ContactFields[] = [];
  if (rows.length === 0 || !looksLikeHeader(rows[0]!))
    return {
      ok: false,
      errors: [
        { row: 1, message: "the first row must be the template's header", reason: "header" },
      ],
    };
  for (let i = 1; i < rows.length; i++) {
    const cells = rows[i]!;
    if (cells.every((cell) => cell.trim() === "")) continue;
    const input: Partial<ContactFields> = {};
    SHEET_COLUMNS.forEach((col, c) => {
      input[col.field] = cells[c] ?? "";
    });
    const contact = normalizeContact(input);
    const fault = checkContact(contact);
    if (fault)
      errors.push({
        row: i + 1,
        field: fault.field,
        message: fault.message,
        reason: fault.params?.reason ?? "invalid",
      });
    else contacts.push(contact);
  }
  if (errors.length === 0 && contacts.length === 0)
    return {
      ok: false,
      errors: [{ row: 2, message: "the sheet holds no contacts", reason: "empty" }],
    };
  if (contacts.length + errors.length > MAX_CONTACTS)
    return {
      ok: false,
      errors: [
        { row: MAX_CONTACTS + 2, message: `at most ${MAX_CONTACTS} contacts`, reason: "too-many" },
      ],
    };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, contacts };
}

function looksLikeHeader(cells: readonly string[]): boolean {
  const first = (cells[0] ?? "").toLowerCase();
  return first.includes("name") || first.includes("姓名");
}
