// OpenAPI entries of a plain admin resource (list, create, read, change, delete), so the
// route files of ROUTE-1..4 document their five operations in one line each.
import type { z } from "zod";
import type { Access, RouteDoc } from "./route-doc.ts";

/** The five operations on `/path` and `/path/{id}`. */
export function resourceDocs(
  path: string,
  tag: string,
  what: string,
  access: Access,
  create: z.ZodType,
  patch: z.ZodType,
): RouteDoc[] {
  const one = {
    description: `the ${what}`,
    schema: { type: "object", additionalProperties: true },
  };
  return [
    {
      method: "get",
      path,
      tag,
      summary: `List ${what}s`,
      access,
      responses: {
        "200": {
          description: `every ${what}`,
          schema: {
            type: "object",
            properties: { items: { type: "array", items: { type: "object" } } },
          },
        },
      },
    },
    {
      method: "post",
      path,
      tag,
      summary: `Create a ${what}`,
      access,
      requestBody: create,
      responses: { "201": one, "400": "bad input (names the field)", "409": "name taken" },
    },
    {
      method: "get",
      path: `${path}/{id}`,
      tag,
      summary: `One ${what}`,
      access,
      responses: { "200": one, "404": `no such ${what}` },
    },
    {
      method: "patch",
      path: `${path}/{id}`,
      tag,
      summary: `Change a ${what}`,
      access,
      requestBody: patch,
      responses: {
        "200": one,
        "400": "bad input (names the field)",
        "404": `no such ${what}`,
        "409": "name taken",
      },
    },
    {
      method: "delete",
      path: `${path}/{id}`,
      tag,
      summary: `Delete a ${what}`,
      access,
      responses: { "204": "deleted", "404": `no such ${what}` },
    },
  ];
}
