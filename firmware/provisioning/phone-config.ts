// SPEC PROV-2: one phone's configuration file: its vendor's template filled with the assigned
// accounts (server, port, user, password, display name), line keys, BLF keys, speed dials, call waiting,
// the idle-screen text and the box's LDAP phonebook. Key numbering follows the manual's H83:
// the accounts take the first keys, BLF keys the ones after.

import { displayMac } from "./phone-mac.ts";
import type { PhoneRecord } from "./phone-service.ts";
import type { VendorFile } from "./phone-vendors.ts";
import { renderTemplate } from "./template-render.ts";

/** Keys per page on the box's own 4-line phone (the manual's H83: 4 pages of 7). */
const KEYS_PER_PAGE = 7;

/** The box as the phone reaches it. */
export interface BoxAddress {
  host: string;
  sipPort: number;
  ldapPort: number;
  /** The folder URL the phone fetches its files from (ends with "/"). */
  provisioningUrl: string;
  /**
   * The directed pickup code (feature table's "pickup-directed", "**"): a BLF key pressed
   * while its extension rings dials it and the extension. Empty when turned off.
   */
  directPickupCode?: string;
}

export interface AccountSecret {
  displayName: string;
  sipPassword: string;
}

/** The LDAP filters the box's directory answers (firmware/ldap), as the corpus's phones set them. */
const LDAP = {
  base: "dc=pbx",
  nameFilter: "(|(cn=%)(sn=%))",
  numberFilter: "(|(telephoneNumber=%)(mobile=%)(ipPhone=%))",
  nameAttributes: "cn sn",
  numberAttributes: "telephoneNumber mobile",
};

/** Where key `number` (1-based, accounts first) sits on a phone with pages of 7 keys (the H83). */
function placeOf(number: number): { page: number; position: number } {
  return { page: Math.ceil(number / KEYS_PER_PAGE), position: ((number - 1) % KEYS_PER_PAGE) + 1 };
}

/**
 * The values every template reads. `keys` are the programmable keys after the accounts' line
 * keys: BLF keys first, then speed dials, each with `blf` or `speed` set, its 0-based `index`
 * among them, its physical `key` number and its `page` and `position`; `keysFirst7` and
 * `keysAfter7` (numbered by `after7`) serve vendors whose key parameters change block there
 * (Grandstream's multi-purpose keys 1-7 and 8 on).
 */
export function configContext(
  phone: PhoneRecord,
  box: BoxAddress,
  account: (number: string) => AccountSecret | undefined,
): Record<string, unknown> {
  // An extension deleted since the assignment drops out of the file rather than leave the
  // phone registering with no password.
  const accounts = phone.lines
    .flatMap((number) => {
      const found = account(number);
      return found ? [{ number, found }] : [];
    })
    .map(({ number, found }, index) => ({
      i: index + 1,
      number,
      displayName: found.displayName || number,
      password: found.sipPassword,
      // The idle screen shows account 1's label on most phones: the idle text goes there.
      label: index === 0 && phone.idleText !== "" ? phone.idleText : number,
    }));
  const watched = phone.blfKeys.filter(
    (key) => account(key.extension) !== undefined && key.line <= accounts.length,
  );
  const dialled = phone.speedDials.filter((key) => key.line <= accounts.length);
  const keys = [
    ...watched.map((key) => ({
      value: key.extension,
      label: key.label || key.extension,
      line: key.line,
      blf: true,
      speed: false,
    })),
    ...dialled.map((key) => ({
      value: key.number,
      label: key.label || key.number,
      line: key.line,
      blf: false,
      speed: true,
    })),
  ].map((key, index) => {
    const number = accounts.length + index + 1;
    return { ...key, index, key: number, ...placeOf(number), after7: index - 7 };
  });
  return {
    mac: phone.mac,
    macUpper: phone.mac.toUpperCase(),
    macColon: displayMac(phone.mac),
    server: {
      host: box.host,
      port: box.sipPort,
      transport: "udp",
      transportUpper: "UDP",
      transportCode: 0,
      fanvilTransport: 0,
    },
    accounts: accounts.map((a) => ({ ...a, ...placeOf(a.i) })),
    account1: accounts[0],
    moreAccounts: accounts.slice(1),
    keys,
    keysFirst7: keys.filter((k) => k.index < 7),
    keysAfter7: keys.filter((k) => k.index >= 7),
    pickup: { enabled: box.directPickupCode ? 1 : 0, code: box.directPickupCode ?? "" },
    callWaiting: phone.callWaiting ? 1 : 0,
    callWaitingOff: phone.callWaiting ? 0 : 1,
    callWaitingOnOff: phone.callWaiting ? "on" : "off",
    callWaitingYesNo: phone.callWaiting ? "Yes" : "No",
    idleText: phone.idleText,
    ldap: { host: box.host, port: box.ldapPort, ...LDAP },
    provisioningUrl: box.provisioningUrl,
  };
}

/** The file's text for this phone. */
export function renderPhoneFile(
  file: VendorFile,
  phone: PhoneRecord,
  box: BoxAddress,
  account: (number: string) => AccountSecret | undefined,
): string {
  return renderTemplate(file.template, configContext(phone, box, account), file.escape);
}
