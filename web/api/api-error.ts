// STYLE 8: domain refusals become HTTP once, here. Every error body is
// {"error": {"code", "message", "field"?, "params"?}} (DESIGN "Interfaces that tests and tools
// rely on"): the web interface translates code + params; message is the English wording.
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { DomainError } from "./services.ts";

/** Values a translated message needs: {min, max} for out-of-range, {holder} for taken... */
export type ErrorParams = Record<string, unknown>;

export interface ErrorBody {
  error: { code: string; message: string; field?: string; params?: ErrorParams };
}

/** An error answered as JSON with its status; thrown by routes, caught by onError. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
    readonly params?: ErrorParams,
  ) {
    super(message);
  }

  /** The JSON body. */
  body(): ErrorBody {
    const error: ErrorBody["error"] = { code: this.code, message: this.message };
    if (this.field !== undefined) error.field = this.field;
    if (this.params !== undefined && Object.keys(this.params).length > 0) {
      error.params = this.params;
    }
    return { error };
  }
}

const STATUS_OF_CODE: Record<string, ContentfulStatusCode> = {
  invalid: 400,
  wrong_password: 400,
  not_found: 404,
  taken: 409,
  last_admin: 409,
  too_many: 409,
  in_use: 409,
};

/** The ApiError for a firmware refusal; a field message reads "<field> <rule>". */
export function fromDomain(error: DomainError): ApiError {
  const status = STATUS_OF_CODE[error.code] ?? 400;
  const message = error.field ? `${error.field} ${error.message}` : error.message;
  return new ApiError(status, error.code, message, error.field, {}, error.params);
}

/** The value of an outcome, or its refusal thrown as an ApiError. */
export function unwrap<T>(outcome: { ok: true; value: T } | { ok: false; error: DomainError }): T {
  if (!outcome.ok) throw fromDomain(outcome.error);
  return outcome.value;
}

export const unauthenticated = () =>
  new ApiError(401, "unauthenticated", "log in, or send Authorization: Bearer <token>");
export const forbidden = (message = "your role may not do this") =>
  new ApiError(403, "forbidden", message);
export const notFound = (what: string) => new ApiError(404, "not_found", `no ${what}`);
