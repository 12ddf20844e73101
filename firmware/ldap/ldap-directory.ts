// SPEC CALL-17: the phonebook as an LDAP tree. Base DN `dc=pbx`; every visible entry sits one
// level below it as `uid=<key>,dc=pbx` (key "c<id>" for a contact, "x<number>" for an
// extension), object classes inetOrgPerson. Attributes: cn and sn (the name),
// telephoneNumber (office number; an extension's own number), mobile, homePhone (the "other"
// number), o (company), ou (department), and for extensions ipPhone (the extension number,
// Yealink's default number attribute).
import type { PhonebookEntry } from "../phonebook/phonebook.ts";
import type { LdapAttributes } from "./ldap-filter.ts";

export const BASE_DN = "dc=pbx";

/** One LDAP entry: its DN and attributes (names as sent, looked up in lower case). */
export interface LdapEntry {
  dn: string;
  attributes: { type: string; values: string[] }[];
  byName: LdapAttributes;
}

function entry(dn: string, pairs: [string, string[]][]): LdapEntry {
  const attributes = pairs
    .map(([type, values]) => ({ type, values: values.filter((v) => v !== "") }))
    .filter((a) => a.values.length > 0);
  return {
    dn,
    attributes,
    byName: new Map(attributes.map((a) => [a.type.toLowerCase(), a.values])),
  };
}

/** The root entry, for base-scope searches of `dc=pbx`. */
export function rootEntry(): LdapEntry {
  return entry(BASE_DN, [
    ["objectClass", ["top", "dcObject", "organization"]],
    ["dc", ["pbx"]],
    ["o", ["pbx"]],
  ]);
}

/** A phonebook entry as LDAP sees it. */
export function ldapEntry(e: PhonebookEntry): LdapEntry {
  return entry(`uid=${e.key},${BASE_DN}`, [
    ["objectClass", ["top", "person", "organizationalPerson", "inetOrgPerson"]],
    ["uid", [e.key]],
    ["cn", [e.name]],
    ["sn", [e.name]],
    ["displayName", [e.name]],
    ["telephoneNumber", [e.office]],
    ["mobile", [e.mobile]],
    ["homePhone", [e.other]],
    ["o", [e.company]],
    ["ou", [e.department]],
    ["ipPhone", [e.extension ?? ""]],
  ]);
}

/** A DN in one canonical spelling: lower case, no spaces around separators. */
export function canonicalDn(dn: string): string {
  return dn
    .split(",")
    .map((rdn) =>
      rdn
        .split("=")
        .map((part) => part.trim())
        .join("="),
    )
    .join(",")
    .toLowerCase();
}

/**
 * The extension number a bind name stands for: the number itself ("101") or a DN whose first
 * RDN is uid=, cn= or telephoneNumber= the number ("uid=101,dc=pbx"). undefined otherwise.
 */
export function bindNumber(name: string): string | undefined {
  const trimmed = name.trim();
  if (/^[0-9]{1,16}$/.test(trimmed)) return trimmed;
  const first = /^\s*(uid|cn|telephonenumber)\s*=\s*x?([0-9]{1,16})\s*(,|$)/i.exec(trimmed);
  return first?.[2];
}
