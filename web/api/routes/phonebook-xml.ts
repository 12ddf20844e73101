// SPEC CALL-17: the phonebook as the XML phones load as a remote phonebook: Yealink's
// YealinkIPPhoneDirectory at `https://<box>/api/v1/phonebook.xml`, Grandstream's AddressBook at
// `.../phonebook/grandstream/phonebook.xml` (its phones take a folder and add the file name)
// and Snom's SnomIPPhoneDirectory at `.../phonebook/snom.xml`. Without credentials it holds what anonymous LDAP shows (shared contacts and extensions);
// with HTTP Basic (RFC 7617) as an extension, number and SIP password, that extension's own
// contacts too. Wrong credentials count toward the login rate limit, as web logins do.
import { type Context, Hono } from "hono";
import type { PhonebookEntry, PhonebookViewer } from "../../../firmware/phonebook/phonebook.ts";
import type { ApiEnv } from "../api-env.ts";
import { ApiError } from "../api-error.ts";
import { clientAddress } from "../auth/client-address.ts";
import type { LoginRateLimiter } from "../auth/login-rate-limiter.ts";
import { fileResponse, type RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";

const XML_TYPE = "application/xml";

const escapeXml = (text: string) =>
  text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

const numbersOf = (e: PhonebookEntry) => [e.office, e.mobile, e.other].filter((n) => n !== "");

/** Yealink and Snom share the shape: a DirectoryEntry with a Name and its Telephones. */
const directoryEntry = (e: PhonebookEntry) =>
  `<DirectoryEntry><Name>${escapeXml(e.name)}</Name>${numbersOf(e)
    .map((n) => `<Telephone>${escapeXml(n)}</Telephone>`)
    .join("")}</DirectoryEntry>`;

/** Grandstream's phone types for the three numbers a contact has. */
const GRANDSTREAM_TYPES = [
  ["office", "Work"],
  ["mobile", "Cell"],
  ["other", "Home"],
] as const;

const grandstreamContact = (e: PhonebookEntry) =>
  `<Contact><FirstName>${escapeXml(e.name)}</FirstName><LastName></LastName>${GRANDSTREAM_TYPES.filter(
    ([field]) => e[field] !== "",
  )
    .map(
      ([field, type]) =>
        `<Phone type="${type}"><phonenumber>${escapeXml(e[field])}</phonenumber><accountindex>1</accountindex></Phone>`,
    )
    .join("")}</Contact>`;

/** Each vendor's document around its entries. */
const RENDERINGS = {
  yealink: (entries: PhonebookEntry[]) =>
    `<YealinkIPPhoneDirectory>${entries.map(directoryEntry).join("")}</YealinkIPPhoneDirectory>`,
  grandstream: (entries: PhonebookEntry[]) =>
    `<AddressBook>${entries.map(grandstreamContact).join("")}</AddressBook>`,
  snom: (entries: PhonebookEntry[]) =>
    `<SnomIPPhoneDirectory><Title>Phonebook</Title>${entries.map(directoryEntry).join("")}</SnomIPPhoneDirectory>`,
};

/** GET /phonebook.xml (Yealink), /phonebook/grandstream/phonebook.xml, /phonebook/snom.xml. */
export function phonebookXmlRoutes(services: ApiServices, limiter: LoginRateLimiter): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const serve = (vendor: keyof typeof RENDERINGS) => (c: Context<ApiEnv>) => {
    const book = services.phonebook;
    if (!book) throw new ApiError(503, "unavailable", "the phonebook is not ready");
    const viewer = viewerOf(c, services, limiter);
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n${RENDERINGS[vendor](book.entries(viewer))}\n`;
    return c.body(body, 200, { "Content-Type": `${XML_TYPE}; charset=utf-8` });
  };
  app.get("/phonebook.xml", serve("yealink"));
  app.get("/phonebook/grandstream/phonebook.xml", serve("grandstream"));
  app.get("/phonebook/snom.xml", serve("snom"));
  return app;
}

function viewerOf(
  c: Context<ApiEnv>,
  services: ApiServices,
  limiter: LoginRateLimiter,
): PhonebookViewer {
  const header = c.req.header("Authorization") ?? "";
  if (!/^basic /i.test(header)) return { kind: "anonymous" };
  const address = clientAddress(c);
  const refuse = (retryAfterS: number) => {
    if (retryAfterS > 0)
      throw new ApiError(429, "too_many_attempts", "too many failed logins; try later", undefined, {
        "Retry-After": String(retryAfterS),
      });
  };
  refuse(limiter.retryAfterS(address));
  refuse(limiter.takeAttempt(address));
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const number = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (
    colon < 1 ||
    !/^[0-9]{1,16}$/.test(number) ||
    !services.phonebook!.verifyExtension(number, password)
  )
    throw new ApiError(
      401,
      "invalid_credentials",
      "wrong extension number or SIP password",
      undefined,
      {
        "WWW-Authenticate": 'Basic realm="pbx phonebook", charset="UTF-8"',
      },
    );
  limiter.reset(address);
  return { kind: "extension", number };
}

const phonebookDoc = (path: string, summary: string): RouteDoc => ({
  method: "get",
  path,
  tag: "contacts",
  summary: `${summary}: shared contacts and extensions; with HTTP Basic (extension number, SIP password) also its own contacts`,
  access: "public",
  responses: {
    "200": fileResponse("the phone's phonebook XML", XML_TYPE),
    "401": "wrong extension number or SIP password",
    "429": "too many failed attempts from this address (Retry-After)",
  },
});

export const phonebookXmlDocs: RouteDoc[] = [
  phonebookDoc("/phonebook.xml", "Yealink remote phonebook (YealinkIPPhoneDirectory)"),
  phonebookDoc("/phonebook/grandstream/phonebook.xml", "Grandstream phonebook (AddressBook)"),
  phonebookDoc("/phonebook/snom.xml", "Snom directory (SnomIPPhoneDirectory)"),
];
