// Request bodies are checked against a zod schema kept beside each route (STYLE 6: the
// validators are inline with the routes); the same schema yields the OpenAPI schema through
// z.toJSONSchema, so the document cannot drift from what the route accepts. A refusal is 400
// naming the field, with a code and parameters the web interface translates (README "Errors").
import type { Context } from "hono";
import { z } from "zod";
import { ApiError, type ErrorParams } from "./api-error.ts";
import type { SchemaSource } from "./route-doc.ts";

/** A request body's schema: a strict object (unknown fields are refused). */
export type BodySchema = z.ZodObject;

const jsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();

/** The JSON Schema (draft 2020-12, the OpenAPI 3.1 dialect) of `schema`, as the body reads it. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  let json = jsonSchemas.get(schema);
  if (json === undefined) {
    const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
      io: "input",
      unrepresentable: "any",
    }) as Record<string, unknown>;
    json = rest;
    jsonSchemas.set(schema, json);
  }
  return json;
}

/** The JSON Schema a route's documentation gives: its zod schemas and functions resolved. */
export function jsonSchemaFrom(source: SchemaSource): Record<string, unknown> {
  return resolved(source) as Record<string, unknown>;
}

function resolved(value: unknown): unknown {
  if (value instanceof z.ZodType) return jsonSchemaOf(value);
  if (typeof value === "function") return resolved(value());
  if (Array.isArray(value)) return value.map(resolved);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, resolved(v)]));
  }
  return value;
}

/** Checks `body` against `schema`: the parsed value, or the first refusal as an ApiError. */
export function checkBody<S extends z.ZodType>(body: unknown, schema: S): z.output<S> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError(400, "invalid", "the body must be a JSON object");
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw refusal(result.error.issues[0]!, body as Record<string, unknown>, schema);
}

/** Parses the JSON body and checks it against `schema`. */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, "bad_json", "the body must be JSON (Content-Type: application/json)");
  }
  return checkBody(body, schema);
}

/** The field's own JSON Schema, to give the limits it was checked against. */
function fieldSchema(schema: z.ZodType, field: string): Record<string, unknown> {
  const properties = jsonSchemaOf(schema).properties as Record<string, Record<string, unknown>>;
  const own = properties?.[field] ?? {};
  const nullable = (own.anyOf as Record<string, unknown>[] | undefined)?.find(
    (s) => s.type !== "null",
  );
  return nullable ?? own;
}

/** One zod issue as the API's refusal: code, English message, field, parameters. */
function refusal(
  issue: z.core.$ZodIssue,
  body: Record<string, unknown>,
  schema: z.ZodType,
): ApiError {
  const bad = (code: string, message: string, field?: string, params?: ErrorParams) =>
    new ApiError(400, code, message, field, {}, params);
  if (issue.code === "unrecognized_keys") {
    const field = issue.keys[0]!;
    return bad("unknown-field", `${field} is not a known field`, field);
  }
  const field = issue.path.map(String).join(".");
  const top = String(issue.path[0] ?? "");
  const own = fieldSchema(schema, top);
  const said =
    issue.message.startsWith("Invalid") || issue.message.startsWith("Too") ? "" : issue.message;
  switch (issue.code) {
    case "invalid_type":
      if (issue.path.length === 1 && body[top] === undefined) {
        return bad("required", `${field} is required`, field);
      }
      return bad("type", `${field} must be ${typeName(issue.expected)}`, field, {
        type: issue.expected,
      });
    case "too_big":
    case "too_small": {
      if (issue.origin === "number" || issue.origin === "int") {
        const min = own.minimum as number | undefined;
        const max = own.maximum as number | undefined;
        return bad("out-of-range", `${field} must be from ${min} to ${max}`, field, {
          ...(min === undefined ? {} : { min }),
          ...(max === undefined ? {} : { max }),
        });
      }
      const what = issue.origin === "array" ? "entries" : "characters";
      if (issue.code === "too_big") {
        const max = Number(issue.maximum);
        return bad(
          "too-long",
          said ? `${field} ${said}` : `${field} must be at most ${max} ${what}`,
          field,
          { max },
        );
      }
      const min = Number(issue.minimum);
      return bad(
        "too-short",
        said ? `${field} ${said}` : `${field} must be at least ${min} ${what}`,
        field,
        { min },
      );
    }
    case "invalid_format": {
      const pattern = "pattern" in issue && issue.pattern ? String(issue.pattern) : undefined;
      const p = (own.pattern as string | undefined) ?? pattern?.replace(/^\/|\/[a-z]*$/g, "");
      return bad("pattern", said ? `${field} ${said}` : `${field} has an invalid format`, field, {
        ...(p === undefined ? {} : { pattern: p }),
      });
    }
    case "invalid_value":
      return bad(
        "one-of",
        `${field} must be one of: ${issue.values.map((v) => (v === "" ? '""' : String(v))).join(", ")}`,
        field,
        { values: issue.values.map(String).join(", ") },
      );
    default:
      return bad(
        "invalid",
        said ? `${field} ${said}` : `${field} is not valid`,
        field || undefined,
      );
  }
}

function typeName(expected: string): string {
  switch (expected) {
    case "int":
    case "number":
      return "a whole number";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
      return "an object";
    default:
      return `a ${expected}`;
  }
}

/** Field builders shared by the routes' schemas (each limit also lands in the document). */
export const field = {
  /** Text of at most `max` characters, no control characters; `pattern` when given. */
  text(max: number, pattern?: RegExp, hint?: string) {
    const base = z.string().max(max);
    return pattern
      ? base.regex(pattern, hint)
      : base.regex(/^[^\u0000-\u001f\u007f]*$/, "must not contain control characters");
  },
  /** A whole number from `min` to `max`. */
  whole(min: number, max: number) {
    return z.int().min(min).max(max);
  },
  /** A database id, or null for none. */
  idOrNull() {
    return z.int().min(1).nullable();
  },
};
