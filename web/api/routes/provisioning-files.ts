// SPEC PROV-2: the files phones fetch, at `/api/v1/provisioning/files/<name>` over HTTP and
// HTTPS (a phone at first boot cannot check the box's own certificate). Public, as phones
// have no login; the firmware side decides who gets what (an assigned MAC, its vendor's file
// names, optional HTTP digest) and logs each fetch.
import { Hono } from "hono";
import type { ApiEnv } from "../api-env.ts";
import { ApiError } from "../api-error.ts";
import { clientAddress } from "../auth/client-address.ts";
import type { LoginRateLimiter } from "../auth/login-rate-limiter.ts";
import { fileResponse, type RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";
import { provisioningOf } from "./phones.ts";

/** The path prefix the plain-HTTP server passes to the API as well. */
export const PROVISIONING_FILES_PATH = "/api/v1/provisioning/files/";

/** GET /provisioning/files/{file}. */
export function provisioningFileRoutes(
  services: ApiServices,
  limiter: LoginRateLimiter,
): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/:file", (c) => {
    const file = c.req.param("file");
    const address = clientAddress(c);
    const quick = file.startsWith("quick-");
    // Quick codes and HTTP credentials are guessed like passwords: each try is counted.
    const guessing = quick || c.req.header("Authorization") !== undefined;
    if (guessing) {
      const wait = limiter.retryAfterS(address) || limiter.takeAttempt(address);
      if (wait > 0)
        throw new ApiError(
          429,
          "too_many_attempts",
          "too many wrong codes or credentials; try later",
          undefined,
          {
            "Retry-After": String(wait),
          },
        );
    }
    const url = new URL(c.req.url);
    const answer = provisioningOf(services).files.serve({
      file,
      method: c.req.method,
      uri: url.pathname + url.search,
      userAgent: c.req.header("User-Agent") ?? "",
      authorization: c.req.header("Authorization"),
      address,
    });
    if (guessing && answer.status === 200) limiter.reset(address);
    if (answer.status === 200)
      return c.body(answer.body, 200, { "Content-Type": answer.contentType });
    if (answer.status === 401) {
      throw new ApiError(
        401,
        "unauthenticated",
        "this phone's file needs its HTTP credentials",
        undefined,
        {
          "WWW-Authenticate": answer.challenge[0]!,
        },
      );
    }
    throw new ApiError(
      answer.status,
      answer.status === 404 ? "not_found" : "forbidden",
      "no file for this phone",
    );
  });
  return app;
}

export const provisioningFileDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/provisioning/files/{file}",
    tag: "provisioning",
    summary:
      "A phone's configuration file (Yealink <mac>.cfg and y0000000000xx.cfg, Grandstream cfg<mac>.xml, Snom <MAC>.xml, Fanvil <mac>.cfg, Cisco spa<mac>.xml), only for an assigned MAC; quick-<code>.cfg: an extension's file by its quick registration code while PnP is off",
    access: "public",
    responses: {
      "200": fileResponse("the vendor's configuration file", "text/plain"),
      "401": "the phone has HTTP credentials: a digest challenge",
      "403": "wrong HTTP credentials; a quick code while PnP is on",
      "404": "no assigned phone with this MAC, or not a file its vendor asks for",
      "429": "too many quick-code guesses from this address (Retry-After)",
    },
  },
];
