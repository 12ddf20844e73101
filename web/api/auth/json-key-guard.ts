// Every JSON request body is read once, here, before any route sees it: an object key that
// names a property of Object.prototype or of prototypes (__proto__, constructor, prototype,
// hasOwnProperty, valueOf...) is refused with 400 naming the key, at any depth, so no route
// can be reached with one (some answered 500, others ignored it silently). Bodies that are not
// JSON are left to the route, which answers bad_json; multipart uploads are not touched.
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../api-env.ts";
import { ApiError } from "../api-error.ts";

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const REFUSED_KEYS = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  "prototype",
  "constructor",
]);

/** Refuses JSON bodies carrying a prototype-polluting key (400, code "invalid"). */
export function jsonKeyGuard(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const type = c.req.header("Content-Type") ?? "";
    if (BODY_METHODS.has(c.req.method) && !type.toLowerCase().startsWith("multipart/")) {
      // Hono keeps the read text, so the route's own c.req.json() still works afterwards.
      const text = await c.req.text();
      const refused = refusedKeyIn(text);
      if (refused !== undefined) {
        throw new ApiError(400, "invalid", `${refused} is not allowed as a field name`, refused);
      }
    }
    await next();
  };
}

/** The first refused key of the JSON text, or undefined (also for text that is not JSON). */
export function refusedKeyIn(text: string): string | undefined {
  if (text === "") return undefined;
  let refused: string | undefined;
  try {
    JSON.parse(text, (key, value) => {
      if (refused === undefined && REFUSED_KEYS.has(key)) refused = key;
      return value;
    });
  } catch {
    return undefined;
  }
  return refused;
}
