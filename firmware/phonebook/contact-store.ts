// SPEC CALL-17: phonebook contacts in the `contacts` table. A contact is shared (owner null,
// added by an admin or operator) or private to one extension (owner = its number). Checks are
// here so the API, the sheet import and any later caller refuse the same things.
import { eq, sql } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { contacts } from "../db/schema/contacts.ts";

/** What a contact holds besides its id and owner. */
export interface ContactFields {
  name: string;
  office: string;
  mobile: string;
  other: string;
  company: string;
  department: string;
}

/** A stored contact. */
export interface ContactRecord extends ContactFields {
  id: number;
  /** null: shared with everyone; else the extension number whose private contact it is. */
  owner: string | null;
}

export interface ContactError {
  code: "invalid" | "not_found";
  field?: string;
  message: string;
  /** For the pages' own wording: required, too-long, pattern, no-number, too-many. */
  params?: { reason: string };
}

export type ContactResult<T> = { ok: true; value: T } | { ok: false; error: ContactError };

export const CONTACT_NAME_MAX = 64;
export const CONTACT_TEXT_MAX = 64;
export const PHONE_NUMBER_MAX = 32;
/** Digits and what people write between them; "+" only leads. */
export const PHONE_NUMBER_PATTERN = /^\+?[0-9*#][0-9*# ()-]{0,30}$/;
export const NUMBER_FIELDS = ["office", "mobile", "other"] as const;
export const TEXT_FIELDS = ["company", "department"] as const;
/** Contacts the box keeps at most (a phone's remote phonebook stays a quick read). */
export const MAX_CONTACTS = 5000;

const EMPTY: ContactFields = {
  name: "",
  office: "",
  mobile: "",
  other: "",
  company: "",
  department: "",
};

/** Checks a contact's fields; the first fault names its field. */
export function checkContact(fields: ContactFields): ContactError | undefined {
  const name = fields.name.trim();
  if (name === "") return fault("name", "required", "a name is required");
  if (name.length > CONTACT_NAME_MAX)
    return fault("name", "too-long", `at most ${CONTACT_NAME_MAX} characters`);
  for (const field of NUMBER_FIELDS) {
    const value = fields[field];
    if (value !== "" && !PHONE_NUMBER_PATTERN.test(value))
      return fault(
        field,
        "pattern",
        "a phone number: digits, * or #, a leading +, spaces, hyphens, brackets",
      );
  }
  if (NUMBER_FIELDS.every((field) => fields[field] === ""))
    return fault("office", "no-number", "at least one number is required");
  for (const field of TEXT_FIELDS)
    if (fields[field].length > CONTACT_TEXT_MAX)
      return fault(field, "too-long", `at most ${CONTACT_TEXT_MAX} characters`);
  return undefined;
}

function fault(field: string, reason: string, message: string): ContactError {
  return { code: "invalid", field, message, params: { reason } };
}

/** Fills missing fields with "" and trims every value. */
export function normalizeContact(input: Partial<ContactFields>): ContactFields {
  const out = { ...EMPTY };
  for (const key of Object.keys(EMPTY) as (keyof ContactFields)[])
    out[key] = (input[key] ?? "").trim();
  return out;
}

/** The `contacts` table: read, add (one or many at once), change, delete. */
export class ContactStore {
  constructor(private readonly db: PbxDatabase) {}

  list(): ContactRecord[] {
    return this.db.select().from(contacts).orderBy(contacts.name, contacts.id).all().map(record);
  }

  get(id: number): ContactRecord | undefined {
    const row = this.db.select().from(contacts).where(eq(contacts.id, id)).get();
    return row && record(row);
  }

  create(input: Partial<ContactFields>, owner: string | null): ContactResult<ContactRecord> {
    const added = this.createMany([input], owner);
    if (!added.ok) return added;
    return { ok: true, value: added.value[0]! };
  }

  /** Adds every contact or none (one transaction). */
  createMany(
    inputs: readonly Partial<ContactFields>[],
    owner: string | null,
  ): ContactResult<ContactRecord[]> {
    const rows = inputs.map(normalizeContact);
    for (const row of rows) {
      const fault = checkContact(row);
      if (fault) return { ok: false, error: fault };
    }
    if (this.count() + rows.length > MAX_CONTACTS)
      return {
        ok: false,
        error: { code: "invalid", message: `the phonebook holds at most ${MAX_CONTACTS} contacts` },
      };
    const added = this.db.transaction((tx) =>
      rows.map((row) =>
        tx
          .insert(contacts)
          .values({ ...row, owner })
          .returning()
          .get(),
      ),
    );
    return { ok: true, value: added.map(record) };
  }

  update(id: number, patch: Partial<ContactFields>): ContactResult<ContactRecord> {
    const current = this.get(id);
    if (!current) return { ok: false, error: { code: "not_found", message: "no such contact" } };
    const next = normalizeContact({ ...current, ...patch });
    const fault = checkContact(next);
    if (fault) return { ok: false, error: fault };
    const row = this.db.update(contacts).set(next).where(eq(contacts.id, id)).returning().get();
    return { ok: true, value: record(row) };
  }

  delete(id: number): boolean {
    return this.db.delete(contacts).where(eq(contacts.id, id)).returning().all().length > 0;
  }

  /** Removes an extension's private contacts (the extension was deleted). */
  deleteOwnedBy(owner: string): number {
    return this.db.delete(contacts).where(eq(contacts.owner, owner)).returning().all().length;
  }

  private count(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(contacts).get()?.n ?? 0;
  }
}

function record(row: typeof contacts.$inferSelect): ContactRecord {
  return {
    id: row.id,
    name: row.name,
    office: row.office,
    mobile: row.mobile,
    other: row.other,
    company: row.company,
    department: row.department,
    owner: row.owner,
  };
}
