import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { OpenDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { ContactStore } from "./contact-store.ts";
import { Phonebook, type PhonebookExtension } from "./phonebook.ts";
import { phonebookSheetRows, readPhonebookSheet } from "./phonebook-sheet.ts";

let open: OpenDatabase;
let store: ContactStore;
let extensions: PhonebookExtension[];
let book: Phonebook;
beforeEach(() => {
  open = openTestDatabase();
  store = new ContactStore(open.db);
  extensions = [{ number: "101", displayName: "Front desk", mobile: "", departmentId: 1 }];
  book = new Phonebook({
    contacts: store,
    extensions: () => extensions,
    departmentName: (id) => (id === 1 ? "Sales" : undefined),
  });
});
afterEach(() => open.close());

const names = (entries: { name: string }[]) => entries.map((e) => e.name).sort();

describe("Phonebook visibility", () => {
  test("shared contacts reach everyone, private ones only their extension and staff", () => {
    expect(store.create({ name: "Acme", office: "010-1234" }, null).ok).toBe(true);
    expect(store.create({ name: "Mum", mobile: "13800000000" }, "101").ok).toBe(true);
    expect(store.create({ name: "Dentist", office: "555" }, "102").ok).toBe(true);

    expect(names(book.entries({ kind: "staff" }))).toEqual([
      "Acme",
      "Dentist",
      "Front desk",
      "Mum",
    ]);
    expect(names(book.entries({ kind: "extension", number: "101" }))).toEqual([
      "Acme",
      "Front desk",
      "Mum",
    ]);
    expect(names(book.entries({ kind: "extension", number: "102" }))).toEqual([
      "Acme",
      "Dentist",
      "Front desk",
    ]);
    expect(names(book.entries({ kind: "anonymous" }))).toEqual(["Acme", "Front desk"]);
  });

  test("extensions are read live, not copied", () => {
    expect(book.entries({ kind: "anonymous" })).toHaveLength(1);
    extensions.push({ number: "102", displayName: "", mobile: "139", departmentId: null });
    const added = book.entries({ kind: "anonymous" }).find((e) => e.extension === "102");
    expect(added).toMatchObject({ name: "102", office: "102", mobile: "139", department: "" });
    expect(book.entries({ kind: "anonymous" })[0]).toMatchObject({ department: "Sales" });
  });
});

describe("ContactStore", () => {
  test("refuses a contact without a name or a number, naming the field", () => {
    const noName = store.create({ name: " ", office: "1" }, null);
    expect(noName.ok || noName.error.field).toBe("name");
    const noNumber = store.create({ name: "X" }, null);
    expect(noNumber.ok || noNumber.error.field).toBe("office");
    const badMobile = store.create({ name: "X", mobile: "12ab" }, null);
    expect(badMobile.ok || badMobile.error.field).toBe("mobile");
    expect(store.list()).toHaveLength(0);
  });

  test("changes and deletes", () => {
    const made = store.create({ name: "A", office: "1" }, null);
    if (!made.ok) throw new Error(made.error.message);
    const changed = store.update(made.value.id, { mobile: "+86 138-0000" });
    expect(changed.ok && changed.value.mobile).toBe("+86 138-0000");
    expect(store.delete(made.value.id)).toBe(true);
    expect(store.update(made.value.id, {}).ok).toBe(false);
  });
});

describe("phonebook sheet", () => {
  test("the export reads back as the same contacts", () => {
    const rows = phonebookSheetRows([
      { name: "张三", office: "8001", mobile: "", other: "", company: "Acme", department: "IT" },
    ]);
    const read = readPhonebookSheet(rows);
    expect(read).toEqual({
      ok: true,
      contacts: [
        { name: "张三", office: "8001", mobile: "", other: "", company: "Acme", department: "IT" },
      ],
    });
  });

  test("every bad row is reported with its sheet row number, blank rows skipped", () => {
    const [header] = phonebookSheetRows([]);
    const read = readPhonebookSheet([
      header!,
      ["Good", "100"],
      ["", "", ""],
      ["", "200"],
      ["NoNumber"],
    ]);
    expect(read).toEqual({
      ok: false,
      errors: [
        { row: 4, field: "name", message: "a name is required", reason: "required" },
        {
          row: 5,
          field: "office",
          message: "at least one number is required",
          reason: "no-number",
        },
      ],
    });
  });

  test("a sheet without the header is refused at row 1", () => {
    const read = readPhonebookSheet([["Bob", "1"]]);
    expect(read.ok || read.errors[0]?.row).toBe(1);
  });
});
