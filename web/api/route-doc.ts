// OpenAPI 3.1 (https://spec.openapis.org/oas/v3.1.0) operation metadata kept beside each route;
// openapi-document.ts joins them into /api/v1/openapi.json.

/** Who may call a route: "public", "any" logged-in party, or a list of roles. */
export type Access = "public" | "any" | readonly ("admin" | "operator" | "billing" | "extension")[];

/** One operation as documented. `path` is relative to /api/v1, in OpenAPI form (`{number}`). */
export interface RouteDoc {
  method: "get" | "post" | "patch" | "put" | "delete";
  path: string;
  summary: string;
  access: Access;
  tag: string;
  requestBody?: Record<string, unknown>;
  /** The request body's media type; "application/json" unless said (uploads: multipart). */
  requestBodyType?: string;
  query?: readonly { name: string; type: "string" | "integer"; description: string }[];
  /** Status -> description, and optionally the response schema. */
  responses: Record<string, string | { description: string; schema: Record<string, unknown> }>;
}
