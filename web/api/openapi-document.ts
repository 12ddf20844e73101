// OpenAPI 3.1 (https://spec.openapis.org/oas/v3.1.0): the document served at
// /api/v1/openapi.json, built from the RouteDoc entries kept beside each route.
import { jsonSchemaFrom } from "./body-spec.ts";
import type { RouteDoc } from "./route-doc.ts";

export const API_BASE = "/api/v1";

const ERROR_SCHEMA = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: {
          type: "string",
          description:
            "what went wrong; field refusals: required, type, out-of-range {min, max}, too-long {max}, too-short {min}, pattern {pattern}, one-of {values}, unknown-field, taken {holder}, invalid",
        },
        message: { type: "string", description: "in English; the web interface translates code" },
        field: { type: "string", description: "the request field that was refused" },
        params: {
          type: "object",
          description:
            'values for the UI\'s own wording; "taken" numbers: {holder: {kind, number, name}, match}',
        },
      },
    },
  },
};

/** The OpenAPI document for `docs`. */
export function openApiDocument(
  docs: readonly RouteDoc[],
  version: string,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const doc of docs) {
    const path = API_BASE + doc.path;
    paths[path] ??= {};

    paths[path][doc.method] = operation(doc);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "PBX appliance API",
      version,
      description:
        "Log in with POST /auth/login, then send Authorization: Bearer <token>, or use the " +
        "session cookie and send X-PBX-CSRF: <csrfToken> on POST, PATCH, PUT and DELETE.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        cookie: { type: "apiKey", in: "cookie", name: "pbx_session" },
      },
      responses: {
        Error: {
          description: "refused",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
    },
  };
}

function operation(doc: RouteDoc): Record<string, unknown> {
  const parameters = [
    ...[...doc.path.matchAll(/\{([^}]+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    })),
    ...(doc.query ?? []).map((q) => ({
      name: q.name,
      in: "query",
      required: false,
      description: q.description,
      schema: {
        type: q.type,
        ...(q.minimum === undefined ? {} : { minimum: q.minimum }),
        ...(q.maximum === undefined ? {} : { maximum: q.maximum }),
      },
    })),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(doc.responses)) {
    if (typeof response === "string") {
      responses[status] = status.startsWith("2")
        ? { description: response }
        : { description: response, content: jsonContent({ $ref: "#/components/schemas/Error" }) };
    } else {
      responses[status] = {
        description: response.description,
        content: {
          [response.type ?? "application/json"]: { schema: jsonSchemaFrom(response.schema) },
        },
      };
    }
  }
  if (doc.access !== "public") {
    responses["401"] ??= { $ref: "#/components/responses/Error" };
    if (doc.access !== "any") responses["403"] ??= { $ref: "#/components/responses/Error" };
  }
  return {
    operationId: `${doc.method}${doc.path.replace(/[{}]/g, "").replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase())}`,
    summary: doc.summary,
    tags: [doc.tag],
    "x-pbx-access": doc.access,
    security: doc.access === "public" ? [] : [{ bearer: [] }, { cookie: [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(doc.requestBody
      ? {
          requestBody: {
            required: true,
            content: {
              [doc.requestBodyType ?? "application/json"]: {
                schema: jsonSchemaFrom(doc.requestBody),
              },
            },
          },
        }
      : {}),
    responses,
  };
}

function jsonContent(schema: Record<string, unknown>) {
  return { "application/json": { schema } };
}
