// SPEC CALL-17: the phonebook. Admins and operators add shared contacts and see every contact;
// an extension user adds private contacts and sees the shared ones and its own. Extensions
// are listed too (read from the extension store). The sheet: a template and an export as
// .xlsx, and an import of the same sheet, all rows or none, each bad row named.
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { PhonebookViewer } from "../../../firmware/phonebook/phonebook.ts";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { jsonSchemaOf, readBody } from "../body-spec.ts";
import { tryReadXlsx } from "../export/xlsx-reader.ts";
import { XLSX_TYPE, xlsxSheet } from "../export/xlsx-sheet.ts";
import { fileResponse, type RouteDoc } from "../route-doc.ts";
import type { ApiServices, PhonebookFacade } from "../services.ts";

const NUMBER = z
  .string()
  .max(32)
  .regex(/^$|^\+?[0-9*#][0-9*# ()-]{0,30}$/, "digits, * or #, a leading +, spaces, hyphens");
const TEXT = z.string().max(64);

const FIELDS = z.strictObject({
  name: z.string().min(1).max(64).optional(),
  office: NUMBER.optional(),
  mobile: NUMBER.optional(),
  other: NUMBER.optional(),
  company: TEXT.optional(),
  department: TEXT.optional(),
});
const CREATE = FIELDS.extend({ name: z.string().min(1).max(64) });

const ENTRY_SCHEMA = () => ({
  type: "object",
  properties: {
    key: { type: "string", description: '"c<id>" for a contact, "x<number>" for an extension' },
    kind: { enum: ["contact", "extension"] },
    id: { type: "integer", description: "contacts only" },
    ...(jsonSchemaOf(CREATE).properties as object),
    extension: { type: "string", description: "extensions only" },
    owner: { type: ["string", "null"], description: "null: shared; else the owning extension" },
  },
});
const CONTACT_SCHEMA = () => ({
  ...jsonSchemaOf(z.object({ id: z.int(), ...CREATE.shape })),
  additionalProperties: true,
});

const READERS = ["admin", "operator", "extension"] as const;

/** The sheet upload: binary, so the JSON key guard leaves its body alone. */
export function isContactImportPath(path: string): boolean {
  return /^\/api\/v1\/contacts\/import\/?$/.test(path);
}

function phonebookOf(services: ApiServices): PhonebookFacade {
  if (!services.phonebook) throw new ApiError(503, "unavailable", "the phonebook is not ready");
  return services.phonebook;
}

function viewerOf(c: Context<ApiEnv>): PhonebookViewer {
  const principal = c.get("auth")!.principal;
  return principal.kind === "extension"
    ? { kind: "extension", number: principal.number }
    : { kind: "staff" };
}

/** The owner new contacts get: none (shared) for staff, the extension for its user. */
function ownerFor(viewer: PhonebookViewer): string | null {
  return viewer.kind === "extension" ? viewer.number : null;
}

/** /contacts: the phonebook, its contacts, and the sheet. */
export function contactRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(READERS));

  const sheet = (c: Context<ApiEnv>, name: string, rows: string[][]) =>
    c.body(xlsxSheet("phonebook", rows) as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "no-store",
    });

  app.get("/template.xlsx", (c) =>
    sheet(c, "phonebook-template.xlsx", phonebookOf(services).sheetRows([])),
  );
  app.get("/export.xlsx", (c) => {
    const book = phonebookOf(services);
    const own = book.entries(viewerOf(c)).filter((e) => e.kind === "contact");
    return sheet(c, "phonebook.xlsx", book.sheetRows(own));
  });
  app.post("/import", async (c) => {
    const book = phonebookOf(services);
    const workbook = tryReadXlsx(new Uint8Array(await c.req.arrayBuffer()));
    if (!workbook) throw new ApiError(400, "invalid", "the file is not an .xlsx workbook", "file");
    const read = book.readSheet(workbook.rows);
    if (!read.ok) {
      const first = read.errors[0]!;
      throw new ApiError(
        400,
        "invalid-rows",
        `row ${first.row}: ${first.field ? `${first.field} ` : ""}${first.message}`,
        undefined,
        {},
        { rows: read.errors },
      );
    }
    const added = unwrap(book.contacts.createMany(read.contacts, ownerFor(viewerOf(c))));
    return c.json({ added: added.length });
  });

  app.get("/", (c) => c.json({ items: phonebookOf(services).entries(viewerOf(c)) }));
  app.post("/", async (c) => {
    const body = await readBody(c, CREATE);
    const book = phonebookOf(services);
    return c.json(unwrap(book.contacts.create(body, ownerFor(viewerOf(c)))), 201);
  });
  app.get("/:id", (c) => c.json(visibleContact(c, services)));
  app.patch("/:id", async (c) => {
    const contact = visibleContact(c, services);
    const body = await readBody(c, FIELDS);
    return c.json(unwrap(phonebookOf(services).contacts.update(contact.id, body)));
  });
  app.delete("/:id", (c) => {
    const contact = visibleContact(c, services);
    phonebookOf(services).contacts.delete(contact.id);
    return c.body(null, 204);
  });
  return app;
}

/** The contact in the path if the caller may change it: staff any, an extension its own. */
function visibleContact(c: Context<ApiEnv>, services: ApiServices) {
  const raw = c.req.param("id") ?? "";
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) throw notFound("such contact");
  const contact = phonebookOf(services).contacts.get(Number(raw));
  const viewer = viewerOf(c);
  if (!contact) throw notFound("such contact");
  // An extension user reads shared contacts but changes only its own.
  const mine = viewer.kind === "staff" || contact.owner === ownerFor(viewer);
  if (!mine && !(c.req.method === "GET" && contact.owner === null)) throw notFound("such contact");
  return contact;
}

const one = { description: "the contact", schema: CONTACT_SCHEMA };
const tag = "contacts";

export const contactDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/contacts",
    tag,
    summary: "The phonebook as the caller sees it: contacts, then extensions",
    access: READERS,
    responses: {
      "200": {
        description: "visible entries",
        schema: { type: "object", properties: { items: { type: "array", items: ENTRY_SCHEMA } } },
      },
    },
  },
  {
    method: "post",
    path: "/contacts",
    tag,
    summary: "Add a contact: shared when staff add it, private when an extension user does",
    access: READERS,
    requestBody: CREATE,
    responses: { "201": one, "400": "bad input (at least one number is required)" },
  },
  {
    method: "get",
    path: "/contacts/{id}",
    tag,
    summary: "One contact the caller may see",
    access: READERS,
    responses: { "200": one, "404": "no such contact (or not the caller's)" },
  },
  {
    method: "patch",
    path: "/contacts/{id}",
    tag,
    summary: "Change a contact (an extension user: only its own)",
    access: READERS,
    requestBody: FIELDS,
    responses: { "200": one, "400": "bad input", "404": "no such contact (or not the caller's)" },
  },
  {
    method: "delete",
    path: "/contacts/{id}",
    tag,
    summary: "Delete a contact (an extension user: only its own)",
    access: READERS,
    responses: { "204": "deleted", "404": "no such contact (or not the caller's)" },
  },
  {
    method: "get",
    path: "/contacts/template.xlsx",
    tag,
    summary: "The empty import sheet: the header row",
    access: READERS,
    responses: { "200": fileResponse("the workbook", XLSX_TYPE) },
  },
  {
    method: "get",
    path: "/contacts/export.xlsx",
    tag,
    summary: "The contacts the caller sees, as the import sheet",
    access: READERS,
    responses: { "200": fileResponse("the workbook", XLSX_TYPE) },
  },
  {
    method: "post",
    path: "/contacts/import",
    tag,
    summary: "Add the contacts of an .xlsx sheet (the template's columns); all rows or none",
    access: READERS,
    requestBodyType: XLSX_TYPE,
    requestBody: { type: "string", contentMediaType: XLSX_TYPE },
    responses: {
      "200": {
        description: "how many were added",
        schema: { type: "object", properties: { added: { type: "integer" } } },
      },
      "400":
        'not an .xlsx (field "file"), or "invalid-rows": params.rows lists {row, field, message}',
    },
  },
];
