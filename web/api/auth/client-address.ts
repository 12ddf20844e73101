// The client's address for rate limiting: from the Bun server Hono receives as `env`
// (Server.requestIP). Forwarding headers are not trusted: the box serves its LAN directly.
import type { Context } from "hono";
import type { ApiEnv } from "../api-env.ts";

/** The peer address of the request, or "unknown" when the server cannot tell. */
export function clientAddress(c: Context<ApiEnv>): string {
  const env = c.env as ApiEnv["Bindings"] | undefined;
  return env?.requestIP?.(c.req.raw)?.address ?? "unknown";
}
