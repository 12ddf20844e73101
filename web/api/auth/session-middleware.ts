// SPEC WEB-1 and DESIGN "Interfaces": every route accepts `Authorization: Bearer <token>` or the
// session cookie. Cookie-authenticated unsafe requests must also carry X-PBX-CSRF with the
// token returned at login (a cross-site form cannot read it); bearer requests are exempt since
// browsers never attach them on their own.
import { timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, forbidden, unauthenticated } from "../api-error.ts";
import type { Access } from "../route-doc.ts";
import type { SessionsFacade } from "../services.ts";

export const SESSION_COOKIE = "pbx_session";
export const CSRF_HEADER = "X-PBX-CSRF";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Resolves the session of each request into `c.var.auth` (undefined when none). */
export function sessionMiddleware(sessions: SessionsFacade): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header("Authorization");
    const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const cookie = bearer === undefined ? getCookie(c, SESSION_COOKIE) : undefined;
    const token = bearer ?? cookie;
    const session = token === undefined ? undefined : sessions.validate(token);
    c.set(
      "auth",
      session && token !== undefined
        ? { ...session, token, via: bearer !== undefined ? "bearer" : "cookie" }
        : undefined,
    );
    await next();
  };
}

/** Lets the request through only for the given access, checking CSRF on cookie sessions. */
export function requireAccess(access: Exclude<Access, "public">): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const auth = c.get("auth");
    if (!auth) throw unauthenticated();
    if (
      auth.via === "cookie" &&
      !SAFE_METHODS.has(c.req.method) &&
      !csrfMatches(c, auth.csrfToken)
    ) {
      throw new ApiError(403, "csrf", `cookie sessions must send the ${CSRF_HEADER} header`);
    }
    if (access !== "any" && !access.includes(auth.principal.role)) throw forbidden();
    await next();
  };
}

function csrfMatches(c: Context<ApiEnv>, expected: string): boolean {
  const given = Buffer.from(c.req.header(CSRF_HEADER) ?? "");
  const want = Buffer.from(expected);
  return given.length === want.length && timingSafeEqual(given, want);
}
