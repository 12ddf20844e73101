// SPEC PROV-2: one phone's configuration file: its vendor's template filled with the assigned
// accounts (server, port, user, password, display name), line keys, BLF keys, call waiting,
// the idle-screen text and the box's LDAP phonebook. Key numbering follows the manual's H83:
// the accounts take the first keys, BLF keys the ones after.

import { displayMac } from "./phone-mac.ts";
import type { PhoneRecord } from "./phone-service.ts";
import type { VendorFile } from "./phone-vendors.ts";
import { renderTemplate } from "./template-render.ts";

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

/** The values every template reads. */
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
  const blfKeys = watched.map((key, index) => ({
    index,
    key: accounts.length + index + 1,
    extension: key.extension,
    label: key.label || key.extension,
    line: key.line,
  }));
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
    accounts,
    account1: accounts[0],
    moreAccounts: accounts.slice(1),
    blfKeys,
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
