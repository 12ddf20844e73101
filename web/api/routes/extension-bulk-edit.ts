// SPEC EXT-2/EXT-3 on many extensions at once, from the checked rows of the extensions page:
// set the same fields on each (department, codecs, recording, dial permission...), or delete
// them all. Fields that are one extension's own (number, password, outbound caller ID) are not
// offered. Mounted at /extensions before extensions.ts, like extension-exports.ts.
import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices, ExtensionRecord } from "../services.ts";
import { EXTENSION_SETTINGS } from "./extensions.ts";

const STAFF = ["admin", "operator"] as const;
const MAX = 500;
const NUMBERS = z.strictObject({
  numbers: z.array(z.string().max(8)).max(MAX).describe(`1-${MAX} extension numbers`),
});

const BULK_EDIT = EXTENSION_SETTINGS.omit({ sipPassword: true, outboundCallerId: true }).extend(
  NUMBERS.shape,
);

/** One extension the change could not be made to, and why. */
interface Refusal {
  number: string;
  code: string;
  field?: string;
  message: string;
}

/** POST /bulk-edit, POST /bulk-delete. */
export function extensionBulkEditRoutes(services: ApiServices): Hono<ApiEnv> {
  const { extensions } = services;
  const app = new Hono<ApiEnv>();

  app.post("/bulk-edit", requireAccess(STAFF), async (c) => {
    const { numbers, ...changes } = await readBody(c, BULK_EDIT);
    const chosen = existing(numbers);
    if (Object.keys(changes).length === 0) {
      throw new ApiError(400, "invalid", "name at least one field to change", "numbers");
    }
    const updated: string[] = [];
    const refused: Refusal[] = [];
    for (const ext of chosen) {
      const result = extensions.update(ext.number, changes);
      if (result.ok) updated.push(ext.number);
      else refused.push({ number: ext.number, ...result.error });
    }
    // A change no extension takes (a bad value) is the request's fault: refused as a whole,
    // naming the field, the same way a single extension's change would be.
    const first = refused[0];
    if (updated.length === 0 && first) {
      const { number: _number, ...error } = first;
      unwrap({ ok: false, error });
    }
    return c.json({ updated, refused });
  });

  app.post("/bulk-delete", requireAccess(STAFF), async (c) => {
    const { numbers } = await readBody(c, NUMBERS);
    const deleted = existing(numbers)
      .map((e) => e.number)
      .filter((n) => extensions.delete(n));
    return c.json({ deleted });
  });

  /** The listed extensions, or a 400 naming `numbers`. */
  function existing(numbers: string[]): ExtensionRecord[] {
    if (numbers.length === 0 || numbers.length > MAX) {
      throw new ApiError(400, "invalid", `numbers must list 1-${MAX} extensions`, "numbers");
    }
    return [...new Set(numbers)].map((number) => {
      const ext = extensions.get(number);
      if (!ext) throw new ApiError(400, "invalid", `numbers: no extension ${number}`, "numbers");
      return ext;
    });
  }

  return app;
}

export const extensionBulkEditDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/extensions/bulk-edit",
    tag: "extensions",
    summary:
      "Set the same fields on every listed extension (not the number, password or outbound caller ID)",
    access: STAFF,
    requestBody: BULK_EDIT,
    responses: {
      "200": {
        description: "the extensions changed, and those refused with the field and reason",
        schema: {
          type: "object",
          properties: {
            updated: { type: "array", items: { type: "string" } },
            refused: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  number: { type: "string" },
                  code: { type: "string" },
                  field: { type: "string" },
                  message: { type: "string" },
                },
              },
            },
          },
        },
      },
      "400": "bad input: numbers, or a field no listed extension accepts (named)",
    },
  },
  {
    method: "post",
    path: "/extensions/bulk-delete",
    tag: "extensions",
    summary: "Delete every listed extension",
    access: STAFF,
    requestBody: NUMBERS,
    responses: {
      "200": {
        description: "the extensions deleted",
        schema: {
          type: "object",
          properties: { deleted: { type: "array", items: { type: "string" } } },
        },
      },
      "400": "bad input (numbers: empty, too many, or an unknown extension)",
    },
  },
];
