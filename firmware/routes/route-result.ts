// The one error vocabulary of the route services (STYLE 8): web/api maps `code` to HTTP.
import type { TakenParams } from "../numbering/number-holder.ts";

export interface RouteError {
  code: "invalid" | "taken" | "not_found" | "in_use";
  field?: string;
  message: string;
  /** For "taken" by the numbering registry: its holder, for the UI's own wording. */
  params?: TakenParams;
}

export type RouteResult<T> = { ok: true; value: T } | { ok: false; error: RouteError };

export const invalid = (field: string, message: string): { ok: false; error: RouteError } => ({
  ok: false,
  error: { code: "invalid", field, message },
});

export const notFound = (what: string): { ok: false; error: RouteError } => ({
  ok: false,
  error: { code: "not_found", message: `no such ${what}` },
});

export const taken = (field: string): { ok: false; error: RouteError } => ({
  ok: false,
  error: { code: "taken", field, message: "is taken" },
});

/** "" or a name of 1 to 40 characters. */
export function checkName(name: string | undefined): string | undefined {
  if (name === undefined || name.trim() === "") return "is required";
  if (name.length > 40) return "must be at most 40 characters";
  return undefined;
}
