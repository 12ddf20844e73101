// Headers every API answer carries: X-Content-Type-Options: nosniff (a JSON error is never
// sniffed into HTML), Cache-Control: no-store (answers carry passwords, PINs, session and CSRF
// tokens; no browser or proxy may keep them) unless a route chose its own caching, and over
// HTTPS Strict-Transport-Security (RFC 6797) so the browser stays on HTTPS.
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../api-env.ts";

export const HSTS_VALUE = "max-age=31536000";

/** Sets the security headers on every answer, errors included. */
export function securityHeaders(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    await next();
    c.res.headers.set("X-Content-Type-Options", "nosniff");
    if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
    if (new URL(c.req.url).protocol === "https:") {
      c.res.headers.set("Strict-Transport-Security", HSTS_VALUE);
    }
  };
}
