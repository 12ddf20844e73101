// Request bodies are checked against a small field table kept beside each route (STYLE 6: the
// validators are inline with the routes); the same table yields the OpenAPI schema, so the
// document cannot drift from what the route accepts. A refusal is 400 naming the field.
import type { Context } from "hono";
import { ApiError } from "./api-error.ts";

type Kind = "string" | "boolean" | "integer" | "strings" | "integer-or-null";

/** One field: its JSON type, whether it must be present, and for strings the allowed values. */
export interface FieldSpec {
  kind: Kind;
  required?: boolean;
  enum?: readonly string[];
  description?: string;
}

export type BodySpec = Record<string, FieldSpec>;

type ValueOf<F extends FieldSpec> = F extends { enum: readonly (infer E)[] }
  ? E
  : F["kind"] extends "string"
    ? string
    : F["kind"] extends "boolean"
      ? boolean
      : F["kind"] extends "integer"
        ? number
        : F["kind"] extends "strings"
          ? string[]
          : number | null;

/** The typed body a spec describes: required fields present, the others optional. */
export type BodyOf<S extends BodySpec> = {
  [K in keyof S as S[K] extends { required: true } ? K : never]: ValueOf<S[K]>;
} & {
  [K in keyof S as S[K] extends { required: true } ? never : K]?: ValueOf<S[K]>;
};

const KIND_NAMES: Record<Kind, string> = {
  string: "a string",
  boolean: "true or false",
  integer: "a whole number",
  strings: "a list of strings",
  "integer-or-null": "a whole number or null",
};

function fits(kind: Kind, value: unknown): boolean {
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "integer":
      return Number.isSafeInteger(value);
    case "strings":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
    case "integer-or-null":
      return value === null || Number.isSafeInteger(value);
  }
}

/** Checks `body` against `spec`: a JSON object, known fields only, each of the right type. */
export function checkBody<S extends BodySpec>(body: unknown, spec: S): BodyOf<S> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError(400, "invalid", "the body must be a JSON object");
  }
  const record = body as Record<string, unknown>;
  for (const field of Object.keys(record)) {
    if (!(field in spec))
      throw new ApiError(400, "invalid", `${field} is not a known field`, field);
  }
  for (const [field, fieldSpec] of Object.entries(spec)) {
    const value = record[field];
    if (value === undefined) {
      if (fieldSpec.required) throw new ApiError(400, "invalid", `${field} is required`, field);
      continue;
    }
    if (!fits(fieldSpec.kind, value)) {
      throw new ApiError(400, "invalid", `${field} must be ${KIND_NAMES[fieldSpec.kind]}`, field);
    }
    if (fieldSpec.enum && !fieldSpec.enum.includes(value as string)) {
      const message = `${field} must be one of: ${fieldSpec.enum.join(", ")}`;
      throw new ApiError(400, "invalid", message, field);
    }
  }
  return record as BodyOf<S>;
}

/** Parses the JSON body and checks it against `spec`. */
export async function readBody<S extends BodySpec>(c: Context, spec: S): Promise<BodyOf<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, "bad_json", "the body must be JSON (Content-Type: application/json)");
  }
  return checkBody(body, spec);
}

/** The JSON Schema (OpenAPI 3.1 dialect) of a spec. */
export function jsonSchemaOf(spec: BodySpec): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [field, f] of Object.entries(spec)) {
    const schema: Record<string, unknown> =
      f.kind === "strings"
        ? { type: "array", items: { type: "string" } }
        : f.kind === "integer-or-null"
          ? { type: ["integer", "null"] }
          : { type: f.kind };
    if (f.enum) schema.enum = [...f.enum];
    if (f.description) schema.description = f.description;
    properties[field] = schema;
  }
  const required = Object.entries(spec)
    .filter(([, f]) => f.required)
    .map(([field]) => field);
  return {
    type: "object",
    additionalProperties: false,
    properties,
    ...(required.length > 0 ? { required } : {}),
  };
}
