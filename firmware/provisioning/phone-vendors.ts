// SPEC PROV-2: the vendors the box provisions, as a table. Per vendor: how its User-Agent and
// its PnP SUBSCRIBE (`Event: ua-profile;vendor=...`) name it, the file names its firmware asks
// for (the corpus's phone-config-keys.md), the template it is served, and the URL its PnP
// NOTIFY carries (a folder for Yealink, Grandstream and Fanvil, which add their own file names;
// the file itself for Snom and Cisco, which fetch the URL as given). The manual promises the
// other vendors' phones their accounts, not their keys ("暂不提供这些话机的高级配置"): Htek,
// Escene, Akuvox and MOCET files carry accounts, call waiting and the phonebook; the box's own
// H81 and H83 ("box") take everything, the H83's 28 keys on 4 pages included.

import { compileTemplate, type TemplateEscape } from "./template-render.ts";
import akuvox from "./templates/akuvox.cfg.tpl" with { type: "text" };
import boxPhone from "./templates/box-phone.cfg.tpl" with { type: "text" };
import ciscoSpa from "./templates/cisco-spa.xml.tpl" with { type: "text" };
import escene from "./templates/escene.xml.tpl" with { type: "text" };
import fanvil from "./templates/fanvil.xml.tpl" with { type: "text" };
import grandstream from "./templates/grandstream.xml.tpl" with { type: "text" };
import htek from "./templates/htek.xml.tpl" with { type: "text" };
import mocet from "./templates/mocet.cfg.tpl" with { type: "text" };
import snom from "./templates/snom.xml.tpl" with { type: "text" };
import yealinkCommon from "./templates/yealink-common.cfg.tpl" with { type: "text" };
import yealinkMac from "./templates/yealink-mac.cfg.tpl" with { type: "text" };

export const VENDOR_IDS = [
  "yealink",
  "grandstream",
  "snom",
  "fanvil",
  "cisco",
  "htek",
  "escene",
  "akuvox",
  "mocet",
  "box",
] as const;
export type VendorId = (typeof VENDOR_IDS)[number];

export interface VendorFile {
  /** Matches the file name (no folder); `mac` says whether the name carries the phone's MAC. */
  name: RegExp;
  template: ReturnType<typeof compileTemplate>;
  escape: TemplateEscape;
  contentType: string;
}

export interface Vendor {
  id: VendorId;
  label: string;
  /** Matches the User-Agent of its phones and the `vendor` parameter of their PnP Event. */
  pattern: RegExp;
  files: readonly VendorFile[];
  /** The file name its per-phone configuration is served under, for the NOTIFY URL. */
  fileName(mac: string): string;
  /** Whether its PnP NOTIFY carries the file's URL rather than the folder's. */
  notifiesFile: boolean;
}

const XML = "application/xml; charset=utf-8";
const TEXT = "text/plain; charset=utf-8";

export const VENDORS: readonly Vendor[] = [
  {
    id: "yealink",
    label: "Yealink",
    pattern: /yealink/i,
    files: [
      {
        name: /^[0-9a-f]{12}\.cfg$/i,
        template: compileTemplate(yealinkMac),
        escape: "line",
        contentType: TEXT,
      },
      // The model's common file (y000000000066.cfg for a T46S); the MAC comes from the User-Agent.
      {
        name: /^y0000000000[0-9a-z]{2}\.cfg$/i,
        template: compileTemplate(yealinkCommon),
        escape: "line",
        contentType: TEXT,
      },
    ],
    fileName: (mac) => `${mac}.cfg`,
    notifiesFile: false,
  },
  {
    id: "grandstream",
    label: "Grandstream",
    pattern: /grandstream/i,
    files: [
      {
        name: /^cfg[0-9a-f]{12}\.xml$/i,
        template: compileTemplate(grandstream),
        escape: "xml",
        contentType: XML,
      },
    ],
    fileName: (mac) => `cfg${mac}.xml`,
    notifiesFile: false,
  },
  {
    id: "snom",
    label: "Snom",
    pattern: /snom/i,
    files: [
      {
        name: /^(snom[0-9a-z]*-)?[0-9a-f]{12}\.(xml|htm)$/i,
        template: compileTemplate(snom),
        escape: "xml",
        contentType: XML,
      },
    ],
    fileName: (mac) => `${mac.toUpperCase()}.xml`,
    notifiesFile: true,
  },
  {
    id: "fanvil",
    label: "Fanvil",
    pattern: /fanvil/i,
    files: [
      {
        name: /^[0-9a-f]{12}\.(cfg|xml)$/i,
        template: compileTemplate(fanvil),
        escape: "xml",
        contentType: XML,
      },
    ],
    fileName: (mac) => `${mac}.cfg`,
    notifiesFile: false,
  },
  {
    id: "cisco",
    label: "Cisco SPA",
    pattern: /cisco|linksys|\bspa\d/i,
    files: [
      {
        name: /^(spa)?[0-9a-f]{12}\.xml$/i,
        template: compileTemplate(ciscoSpa),
        escape: "xml",
        contentType: XML,
      },
    ],
    fileName: (mac) => `spa${mac}.xml`,
    notifiesFile: true,
  },
  {
    id: "htek",
    label: "Htek",
    pattern: /htek/i,
    files: [
      {
        name: /^(cfg)?[0-9a-f]{12}\.(cfg|xml)$/i,
        template: compileTemplate(htek),
        escape: "xml",
        contentType: XML,
      },
    ],
    fileName: (mac) => `${mac}.cfg`,
    notifiesFile: false,
  },
  {
    id: "escene",
    label: "Escene",
    pattern: /escene/i,
    files: [
      {
        name: /^[0-9a-f]{12}\.xml$/i,
        template: compileTemplate(escene),
        escape: "xml",
        contentType: XML,
      },
    ],
    fileName: (mac) => `${mac}.xml`,
    notifiesFile: false,
  },
  {
    id: "akuvox",
    label: "Akuvox",
    pattern: /akuvox/i,
    files: [
      {
        name: /^[0-9a-f]{12}\.cfg$/i,
        template: compileTemplate(akuvox),
        escape: "line",
        contentType: TEXT,
      },
    ],
    fileName: (mac) => `${mac.toUpperCase()}.cfg`,
    notifiesFile: false,
  },
  {
    id: "mocet",
    label: "MOCET",
    pattern: /mocet/i,
    files: [
      {
        name: /^[0-9a-f]{12}\.cfg$/i,
        template: compileTemplate(mocet),
        escape: "line",
        contentType: TEXT,
      },
    ],
    fileName: (mac) => `${mac}.cfg`,
    notifiesFile: false,
  },
  {
    id: "box",
    label: "H81 / H83",
    pattern: /\bH8[13]P?\b/i,
    files: [
      {
        name: /^[0-9a-f]{12}\.cfg$/i,
        template: compileTemplate(boxPhone),
        escape: "line",
        contentType: TEXT,
      },
    ],
    fileName: (mac) => `${mac}.cfg`,
    notifiesFile: false,
  },
];

/** The vendor with this id, or the first whose pattern matches `text` (a User-Agent, a PnP vendor). */
export function vendorOf(text: string | undefined): Vendor | undefined {
  if (!text) return undefined;
  return VENDORS.find((v) => v.id === text) ?? VENDORS.find((v) => v.pattern.test(text));
}
