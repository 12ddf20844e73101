// SPEC WEB-3 (system settings are the admin's), WEB-4 (the box's language), EXT-4 (the SMTP
// server the QR codes are mailed through, the fallback domain in the QR code) and the
// network facts phones need. The SMTP password is write-only: reads say only whether it is set.
import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { field, readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices, SettingsFacade } from "../services.ts";

export interface SmtpSettings {
  host: string;
  port: number;
  security: "none" | "starttls" | "tls";
  username: string;
  password: string;
  from: string;
}

export const SMTP_KEY = "smtp";
export const LANGUAGE_KEY = "system.language";
export const TIME_ZONE_KEY = "system.timeZone";
export const FALLBACK_DOMAIN_KEY = "network.fallbackDomain";

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;
/** A host name, or "" for none. */
const HOST_OR_EMPTY = /^$|^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/;

const GENERAL = z.strictObject({
  language: z.enum(["zh", "en"]).optional(),
  timeZone: z.string().max(64).describe("an IANA time zone, e.g. Asia/Shanghai").optional(),
  fallbackDomain: z
    .string()
    .regex(HOST_OR_EMPTY, "is not a host name")
    .describe("host name phones try when the LAN IP fails")
    .optional(),
});

const SMTP = z.strictObject({
  host: z.string().regex(HOST_OR_EMPTY, "is not a host name").describe('"" turns mail off'),
  port: field.whole(1, 65535),
  security: z.enum(["none", "starttls", "tls"]),
  username: z.string().max(254).optional(),
  password: z.string().max(254).describe("omit to keep the stored one").optional(),
  from: z.string().max(254),
});

export function readSmtp(settings: SettingsFacade): SmtpSettings | null {
  return settings.get<SmtpSettings | null>(SMTP_KEY, null);
}

function general(services: ApiServices) {
  const s = services.settings;
  const smtp = readSmtp(s);
  return {
    language: s.get(LANGUAGE_KEY, "zh"),
    timeZone: s.get(TIME_ZONE_KEY, "Asia/Shanghai"),
    fallbackDomain: s.get(FALLBACK_DOMAIN_KEY, ""),
    smtp: {
      host: smtp?.host ?? "",
      port: smtp?.port ?? 25,
      security: smtp?.security ?? "none",
      username: smtp?.username ?? "",
      from: smtp?.from ?? "",
      passwordSet: (smtp?.password ?? "") !== "",
    },
  };
}

const invalid = (field: string, message: string) =>
  new ApiError(400, "invalid", `${field} ${message}`, field);

/** GET/PATCH /settings, PUT /settings/smtp, GET /settings/network. */
export function settingsRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const admin = requireAccess(["admin"]);

  app.get("/", admin, (c) => c.json(general(services)));

  app.patch("/", admin, async (c) => {
    const body = await readBody(c, GENERAL);
    if (body.timeZone !== undefined && !isTimeZone(body.timeZone)) {
      throw invalid("timeZone", "is not a known time zone");
    }
    if (body.language !== undefined) services.settings.set(LANGUAGE_KEY, body.language);
    if (body.timeZone !== undefined) services.settings.set(TIME_ZONE_KEY, body.timeZone);
    if (body.fallbackDomain !== undefined) {
      services.settings.set(FALLBACK_DOMAIN_KEY, body.fallbackDomain);
    }
    return c.json(general(services));
  });

  app.put("/smtp", admin, async (c) => {
    const body = await readBody(c, SMTP);
    if (body.host !== "" && !EMAIL.test(body.from)) throw invalid("from", "is not an address");
    const stored = readSmtp(services.settings);
    services.settings.set(SMTP_KEY, {
      host: body.host,
      port: body.port,
      security: body.security,
      username: body.username ?? "",
      password: body.password ?? stored?.password ?? "",
      from: body.from,
    } satisfies SmtpSettings);
    return c.json(general(services).smtp);
  });

  app.get("/network", admin, (c) => c.json(services.network()));
  return app;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

const SETTINGS_SCHEMA = {
  type: "object",
  properties: {
    language: { enum: ["zh", "en"] },
    timeZone: { type: "string" },
    fallbackDomain: { type: "string" },
    smtp: {
      type: "object",
      properties: {
        host: { type: "string" },
        port: { type: "integer" },
        security: { enum: ["none", "starttls", "tls"] },
        username: { type: "string" },
        from: { type: "string" },
        passwordSet: { type: "boolean" },
      },
    },
  },
};

export const settingsDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/settings",
    tag: "settings",
    summary: "Language, time zone, fallback domain and SMTP server (password never shown)",
    access: ["admin"],
    responses: { "200": { description: "the settings", schema: SETTINGS_SCHEMA } },
  },
  {
    method: "patch",
    path: "/settings",
    tag: "settings",
    summary: "Change language, time zone or fallback domain",
    access: ["admin"],
    requestBody: GENERAL,
    responses: {
      "200": { description: "the settings", schema: SETTINGS_SCHEMA },
      "400": "bad input (the field is named)",
    },
  },
  {
    method: "put",
    path: "/settings/smtp",
    tag: "settings",
    summary: "Set the SMTP server mail is sent through",
    access: ["admin"],
    requestBody: SMTP,
    responses: {
      "200": { description: "the SMTP settings", schema: SETTINGS_SCHEMA.properties.smtp },
      "400": "bad input (the field is named)",
    },
  },
  {
    method: "get",
    path: "/settings/network",
    tag: "settings",
    summary: "Host name, LAN address and the ports phones and browsers use",
    access: ["admin"],
    responses: {
      "200": {
        description: "network facts",
        schema: {
          type: "object",
          properties: {
            hostname: { type: "string" },
            lanAddress: { type: "string" },
            sipPort: { type: "integer" },
            sipTlsPort: { type: "integer" },
            sipWsPort: { type: "integer" },
            httpPort: { type: "integer" },
            httpsPort: { type: "integer" },
            rtpPorts: { type: "string" },
          },
        },
      },
    },
  },
];
