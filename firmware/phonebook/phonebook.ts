// SPEC CALL-17: the phonebook as a viewer sees it: shared contacts, the viewer's own private
// contacts (admins and operators see every contact), and every extension, read from the
// extension store at the time of asking so a new or renamed extension shows at once.
import { createHash, timingSafeEqual } from "node:crypto";
import type { ContactRecord, ContactStore } from "./contact-store.ts";

/** Who is reading: staff (admin, operator), one extension's user, or nobody in particular. */
export type PhonebookViewer =
  | { kind: "staff" }
  | { kind: "extension"; number: string }
  | { kind: "anonymous" };

/** One line of the phonebook, a contact or an extension. */
export interface PhonebookEntry {
  /** "c<id>" for a contact, "x<number>" for an extension: unique across both. */
  key: string;
  kind: "contact" | "extension";
  /** The contact's id (kind "contact" only). */
  id?: number;
  name: string;
  office: string;
  mobile: string;
  other: string;
  company: string;
  department: string;
  /** The extension's number (kind "extension" only). */
  extension?: string;
  /** For contacts: null when shared, else the owning extension. */
  owner: string | null;
}

/** What the phonebook reads of each extension. */
export interface PhonebookExtension {
  number: string;
  displayName: string;
  mobile: string;
  departmentId: number | null;
}

export interface PhonebookSources {
  contacts: Pick<ContactStore, "list">;
  extensions(): PhonebookExtension[];
  departmentName(id: number): string | undefined;
  /** The company name shown on extensions ("" when unset). */
  companyName?(): string;
}

/** May `viewer` see `contact`? */
export function canSee(viewer: PhonebookViewer, contact: Pick<ContactRecord, "owner">): boolean {
  if (contact.owner === null || viewer.kind === "staff") return true;
  return viewer.kind === "extension" && viewer.number === contact.owner;
}

/** The phonebook's entries as `viewer` may see them: contacts first, then extensions. */
export class Phonebook {
  constructor(private readonly sources: PhonebookSources) {}

  entries(viewer: PhonebookViewer): PhonebookEntry[] {
    const company = this.sources.companyName?.() ?? "";
    const contacts = this.sources.contacts
      .list()
      .filter((c) => canSee(viewer, c))
      .map(
        (c): PhonebookEntry => ({
          key: `c${c.id}`,
          kind: "contact",
          id: c.id,
          name: c.name,
          office: c.office,
          mobile: c.mobile,
          other: c.other,
          company: c.company,
          department: c.department,
          owner: c.owner,
        }),
      );
    const extensions = this.sources.extensions().map(
      (e): PhonebookEntry => ({
        key: `x${e.number}`,
        kind: "extension",
        name: e.displayName || e.number,
        office: e.number,
        mobile: e.mobile,
        other: "",
        company,
        department:
          e.departmentId === null ? "" : (this.sources.departmentName(e.departmentId) ?? ""),
        extension: e.number,
        owner: null,
      }),
    );
    return [...contacts, ...extensions];
  }
}

/** Every item of a paged list (the extension store hands out at most a page at a time). */
export function allPages<T>(
  list: (query: { offset: number; limit: number }) => { items: T[]; total: number },
  pageSize = 500,
): T[] {
  const out: T[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = list({ offset, limit: pageSize });
    out.push(...page.items);
    if (page.items.length === 0 || out.length >= page.total) return out;
  }
}

/** Whether `given` is the extension's SIP password (constant time); false for no extension. */
export function sipPasswordMatches(stored: string | undefined, given: string): boolean {
  const a = createHash("sha256")
    .update(stored ?? "\u0000none")
    .digest();
  const b = createHash("sha256").update(given).digest();
  return timingSafeEqual(a, b) && stored !== undefined;
}
