// SPEC EXT-4: quick registration codes exported as an Excel sheet, and each extension's QR
// code for the mobile softphone, shown as a PNG and mailed to one or many users through the
// SMTP server set in settings. Mounted at /extensions before extensions.ts so its fixed
// paths win over /extensions/{number}.
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, forbidden, notFound } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import { qrContent } from "../export/qr-content.ts";
import { qrPng } from "../export/qr-png.ts";
import { XLSX_TYPE, xlsxSheet } from "../export/xlsx-sheet.ts";
import { fileResponse, type RouteDoc } from "../route-doc.ts";
import type { ApiServices, ExtensionRecord } from "../services.ts";
import { FALLBACK_DOMAIN_KEY, LANGUAGE_KEY } from "./settings.ts";

const STAFF = ["admin", "operator"] as const;
const MAIL = z.strictObject({
  numbers: z.array(z.string().max(8)).min(1).max(500).describe("the extensions"),
});
const PAGE = 500;

/** Why one extension was not mailed: no address, no SMTP server set, or the server refused. */
interface MailSkip {
  number: string;
  reason: "no_email" | "no_smtp" | "smtp_refused";
  /** The SMTP server's own words, for smtp_refused. */
  message?: string;
}

const WORDS = {
  zh: {
    sheet: "快速注册码",
    header: ["分机号", "名称", "快速注册码"],
    subject: (n: string) => `分机 ${n} 的二维码`,
    body: (n: string) =>
      `您好，\n\n附件是分机 ${n} 的二维码。请用手机软电话扫描它，即可自动完成分机配置。\n`,
  },
  en: {
    sheet: "Quick codes",
    header: ["Extension", "Name", "Quick code"],
    subject: (n: string) => `QR code of extension ${n}`,
    body: (n: string) =>
      `Hello,\n\nAttached is the QR code of extension ${n}. Scan it with the mobile softphone to set the extension up.\n`,
  },
} as const;

/** GET /quick-codes.xlsx, GET /{number}/qr, GET /{number}/qr.png, POST /qr-mail. */
export function extensionExportRoutes(services: ApiServices): Hono<ApiEnv> {
  const { extensions, settings } = services;
  const app = new Hono<ApiEnv>();
  const language = (c: Context<ApiEnv>): "zh" | "en" => {
    const asked = c.req.query("lang") ?? settings.get(LANGUAGE_KEY, "zh");
    return asked === "en" ? "en" : "zh";
  };

  app.get("/quick-codes.xlsx", requireAccess(STAFF), (c) => {
    const words = WORDS[language(c)];
    const rows: string[][] = [[...words.header]];
    for (let offset = 0; ; offset += PAGE) {
      const page = extensions.list({ offset, limit: PAGE });
      for (const e of page.items) rows.push([e.number, e.displayName, e.quickCode ?? ""]);
      if (offset + PAGE >= page.total) break;
    }
    return c.body(xlsxSheet(words.sheet, rows) as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": 'attachment; filename="quick-codes.xlsx"',
      "Cache-Control": "no-store",
    });
  });

  app.get("/:number/qr", requireAccess([...STAFF, "extension"]), (c) => {
    return c.json({ content: contentOf(visible(c, c.req.param("number"))) });
  });

  app.get("/:number/qr.png", requireAccess([...STAFF, "extension"]), (c) => {
    const ext = visible(c, c.req.param("number"));
    return c.body(qrPng(contentOf(ext)) as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": "image/png",
      "Cache-Control": "no-store",
    });
  });

  app.post("/qr-mail", requireAccess(STAFF), async (c) => {
    const { numbers } = await readBody(c, MAIL);
    const chosen: ExtensionRecord[] = [];
    for (const number of numbers) {
      const ext = extensions.get(number);
      if (!ext) throw new ApiError(400, "invalid", `numbers: no extension ${number}`, "numbers");
      chosen.push(ext);
    }
    const words = WORDS[language(c)];
    const sent: string[] = [];
    const skipped: MailSkip[] = [];
    let smtpSet = true;
    for (const ext of chosen) {
      if (ext.email === "") {
        skipped.push({ number: ext.number, reason: "no_email" });
        continue;
      }
      // Once the mailer says no server is set, the others would only hear the same.
      if (!smtpSet) {
        skipped.push({ number: ext.number, reason: "no_smtp" });
        continue;
      }
      const result = await services.mailer.send({
        to: [ext.email],
        subject: words.subject(ext.number),
        text: words.body(ext.number),
        attachments: [
          {
            filename: `qr-${ext.number}.png`,
            contentType: "image/png",
            content: qrPng(contentOf(ext)),
          },
        ],
      });
      if (result.ok) sent.push(ext.number);
      else if (result.error.code === "unconfigured") {
        smtpSet = false;
        skipped.push({ number: ext.number, reason: "no_smtp" });
      } else {
        const message = result.error.message.replace(/^mail not sent:\s*/, "");
        skipped.push({ number: ext.number, reason: "smtp_refused", message });
      }
    }
    return c.json({ sent, skipped });
  });

  function contentOf(ext: ExtensionRecord): string {
    const network = services.network();
    return qrContent({
      extension: ext.number,
      password: ext.sipPassword,
      transport: ext.transport,
      lanAddress: network.lanAddress,
      sipPort: network.sipPort,
      sipTlsPort: network.sipTlsPort,
      fallbackDomain: settings.get(FALLBACK_DOMAIN_KEY, ""),
    });
  }

  function visible(c: Context<ApiEnv>, number: string): ExtensionRecord {
    const principal = c.get("auth")!.principal;
    if (principal.kind === "extension" && principal.number !== number) {
      throw forbidden("extension users see only their own extension");
    }
    const ext = extensions.get(number);
    if (!ext) throw notFound("such extension");
    return ext;
  }

  return app;
}

export const extensionExportDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/extensions/quick-codes.xlsx",
    tag: "extensions",
    summary: "Every extension's quick registration code as an Excel sheet",
    access: STAFF,
    query: [
      { name: "lang", type: "string", description: "zh or en headings (default: the box's)" },
    ],
    responses: {
      "200": fileResponse(
        "an .xlsx file",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      ),
    },
  },
  {
    method: "get",
    path: "/extensions/{number}/qr",
    tag: "extensions",
    summary: "The text of the extension's QR code (extension users: only their own)",
    access: [...STAFF, "extension"],
    responses: {
      "200": {
        description: "the QR content",
        schema: { type: "object", properties: { content: { type: "string" } } },
      },
      "404": "no such extension",
    },
  },
  {
    method: "get",
    path: "/extensions/{number}/qr.png",
    tag: "extensions",
    summary: "The extension's QR code as a PNG (extension users: only their own)",
    access: [...STAFF, "extension"],
    responses: { "200": fileResponse("a PNG image", "image/png"), "404": "no such extension" },
  },
  {
    method: "post",
    path: "/extensions/qr-mail",
    tag: "extensions",
    summary: "Mail each listed extension its QR code at its email address",
    access: STAFF,
    requestBody: MAIL,
    responses: {
      "200": {
        description:
          "who was sent it, and who not and why (no_email, no_smtp: no SMTP server set, smtp_refused with the server's message)",
        schema: {
          type: "object",
          properties: {
            sent: { type: "array", items: { type: "string" } },
            skipped: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  number: { type: "string" },
                  reason: { type: "string", enum: ["no_email", "no_smtp", "smtp_refused"] },
                  message: { type: "string", description: "the SMTP server's answer" },
                },
              },
            },
          },
        },
      },
      "400": "bad input (numbers)",
    },
  },
];
