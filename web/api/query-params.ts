// Checked reading of query-string values for search routes: each refusal is a 400 naming the
// parameter, raised through the one error handler (STYLE.md 8).

import type { Context } from "hono";
import type { ApiEnv } from "./api-env.ts";
import { ApiError } from "./api-error.ts";

/** `value` when it is one of `allowed`. */
export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    const message = `${name} must be one of: ${allowed.join(", ")}`;
    throw new ApiError(400, "one-of", message, name, {}, { values: allowed.join(", ") });
  }
  return value as T;
}

/** An ISO 8601 date and time as epoch milliseconds. */
export function instant(name: string, value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    const message = `${name} must be a date and time (ISO 8601)`;
    throw new ApiError(400, "pattern", message, name, {}, { pattern: "ISO 8601" });
  }
  return ms;
}

/** The whole number in query parameter `name` within [min, max], or undefined when absent. */
export function whole(
  c: Context<ApiEnv>,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!/^[0-9]{1,15}$/.test(raw) || n < min || n > max) {
    const message = `${name} must be a whole number from ${min} to ${max}`;
    throw new ApiError(400, "out-of-range", message, name, {}, { min, max });
  }
  return n;
}
