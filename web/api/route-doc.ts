// OpenAPI 3.1 (https://spec.openapis.org/oas/v3.1.0) operation metadata kept beside each route;
// openapi-document.ts joins them into /api/v1/openapi.json.
import type { z } from "zod";

/**
 * A JSON Schema as written, the zod schema a route checks its body with, or a function giving
 * a JSON Schema built from zod schemas: turned into JSON Schema when the document is built (at
 * the first request for it, not at every start). Zod schemas and such functions may also stand
 * anywhere inside a written JSON Schema.
 */
export type SchemaSource = Record<string, unknown> | z.ZodType | (() => Record<string, unknown>);

/** Who may call a route: "public", "any" logged-in party, or a list of roles. */
export type Access = "public" | "any" | readonly ("admin" | "operator" | "billing" | "extension")[];

/** One operation as documented. `path` is relative to /api/v1, in OpenAPI form (`{number}`). */
export interface RouteDoc {
  method: "get" | "post" | "patch" | "put" | "delete";
  path: string;
  summary: string;
  access: Access;
  tag: string;
  requestBody?: SchemaSource;
  /** The request body's media type; "application/json" unless said (uploads: multipart). */
  requestBodyType?: string;
  query?: readonly QueryDoc[];
  /**
   * Status -> description, or description + schema (+ media type, "application/json" unless
   * said). A bare description is an error body for 4xx/5xx and no body for 204; every other
   * success gives its schema (openapi-document.test.ts checks).
   */
  responses: Record<string, string | ResponseDoc>;
}

/** A query parameter; the bounds are those the route checks (query-params.ts). */
export interface QueryDoc {
  name: string;
  type: "string" | "integer";
  description: string;
  minimum?: number;
  maximum?: number;
}

export interface ResponseDoc {
  description: string;
  schema: SchemaSource;
  type?: string;
}

/** A response that is a file or stream of `type` rather than JSON. */
export function fileResponse(description: string, type: string): ResponseDoc {
  return { description, type, schema: { type: "string", contentMediaType: type } };
}
