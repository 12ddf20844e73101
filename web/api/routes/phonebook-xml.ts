// SPEC CALL-17: the phonebook as a Yealink remote phonebook (Yealink's
// YealinkIPPhoneDirectory XML), for phones set to `https://<box>/api/v1/phonebook.xml`.
// Without credentials it holds what anonymous LDAP shows (shared contacts and extensions);
// with HTTP Basic (RFC 7617) as an extension, number and SIP password, that extension's own
// contacts too. Wrong credentials count toward the login rate limit, as web logins do.
import { type Context, Hono } from "hono";
import type { PhonebookViewer } from "../../../firmware/phonebook/phonebook.ts";
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

/** GET /phonebook.xml. */
export function phonebookXmlRoutes(services: ApiServices, limiter: LoginRateLimiter): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", (c) => {
    const book = services.phonebook;
    if (!book) throw new ApiError(503, "unavailable", "the phonebook is not ready");
    const viewer = viewerOf(c, services, limiter);
    const entries = book.entries(viewer).map((e) => {
      const phones = [e.office, e.mobile, e.other].filter((n) => n !== "");
      return `<DirectoryEntry><Name>${escapeXml(e.name)}</Name>${phones
        .map((n) => `<Telephone>${escapeXml(n)}</Telephone>`)
        .join("")}</DirectoryEntry>`;
    });
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<YealinkIPPhoneDirectory>${entries.join("")}</YealinkIPPhoneDirectory>\n`;
    return c.body(body, 200, { "Content-Type": `${XML_TYPE}; charset=utf-8` });
  });
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

export const phonebookXmlDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/phonebook.xml",
    tag: "contacts",
    summary:
      "Yealink remote phonebook: shared contacts and extensions; with HTTP Basic (extension number, SIP password) also its own contacts",
    access: "public",
    responses: {
      "200": fileResponse("YealinkIPPhoneDirectory XML", XML_TYPE),
      "401": "wrong extension number or SIP password",
      "429": "too many failed attempts from this address (Retry-After)",
    },
  },
];
