// Mapping between the extensions table (codecs as a comma list, HA1 beside the password) and the
// ExtensionRecord the rest of the firmware uses.
import type { extensions } from "../db/schema/extensions.ts";
import { digestHa1 } from "./digest-ha1.ts";
import type { ExtensionRecord, ExtensionSettings } from "./extension-types.ts";

export type ExtensionRow = typeof extensions.$inferSelect;
export type ExtensionInsert = typeof extensions.$inferInsert;

/** The record form of a row: no HA1, codecs as a list. */
export function toRecord(row: ExtensionRow): ExtensionRecord {
  const { id: _id, ha1Md5: _md5, ha1Sha256: _sha256, codecs, ...rest } = row;
  return { ...rest, codecs: codecs === "" ? [] : codecs.split(",") };
}

/** The columns to write for `settings`, HA1 computed for `number` in `realm`. */
export function toColumns(
  number: string,
  realm: string,
  settings: ExtensionSettings,
): Omit<ExtensionInsert, "id" | "number" | "createdAt" | "updatedAt" | "quickCode"> {
  const ha1 = digestHa1(number, realm, settings.sipPassword);
  return { ...settings, codecs: settings.codecs.join(","), ha1Md5: ha1.md5, ha1Sha256: ha1.sha256 };
}

/** The settings part of a record. */
export function settingsOf(record: ExtensionRecord): ExtensionSettings {
  const { number: _n, quickCode: _q, createdAt: _c, updatedAt: _u, ...settings } = record;
  return settings;
}

/** `patch` without the keys whose value is undefined, so they do not override defaults. */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
