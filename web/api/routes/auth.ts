// SPEC WEB-1: log in as an account (username) or as an extension user (extension number and
// extension password, when web login is on). Success returns the token and CSRF token and sets
// an HttpOnly, SameSite=Strict session cookie (Secure over HTTPS). Attempts are counted per
// client address before the password is checked (a success clears the count), and only a few
// password checks run at once (auth/hash-work-limit.ts).
import { type Context, Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, unwrap } from "../api-error.ts";
import { clientAddress } from "../auth/client-address.ts";
import type { HashWorkLimit } from "../auth/hash-work-limit.ts";
import type { LoginRateLimiter } from "../auth/login-rate-limiter.ts";
import { requireAccess, SESSION_COOKIE } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices, Principal, SessionSubject } from "../services.ts";

const LOGIN = z.strictObject({
  username: z.string().max(64).describe("account name, or extension number"),
  password: z.string().max(128),
});

const CHANGE_PASSWORD = z.strictObject({
  currentPassword: z.string().max(128),
  newPassword: z.string().max(128),
});

/** POST /auth/login, POST /auth/logout, GET /auth/me, POST /auth/password. */
export function authRoutes(
  services: ApiServices,
  limiter: LoginRateLimiter,
  hashWork: HashWorkLimit,
): Hono<ApiEnv> {
  const { accounts, extensions, sessions } = services;
  const app = new Hono<ApiEnv>();

  app.post("/login", async (c) => {
    const address = clientAddress(c);
    refuseIfLimited(limiter.retryAfterS(address));
    const { username, password } = await readBody(c, LOGIN);
    // Counted before the password is checked: parallel guesses cannot outrun the limit.
    refuseIfLimited(limiter.takeAttempt(address));
    const release = takeHashSlot(hashWork);
    let subject: SessionSubject | undefined;
    try {
      if (/^[0-9]+$/.test(username)) {
        const ext = extensions.verifyWebLogin(username, password);
        if (ext) subject = { kind: "extension", number: ext.number };
      } else {
        const account = await accounts.verifyLogin(username, password);
        if (account) subject = { kind: "account", accountId: account.id };
      }
    } finally {
      release();
    }
    if (!subject) throw new ApiError(401, "invalid_credentials", "wrong username or password");
    limiter.reset(address);
    return c.json(startSession(c, services, subject), 200);
  });

  app.post("/logout", requireAccess("any"), (c) => {
    const auth = c.get("auth")!;
    sessions.revoke(auth.token);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });

  app.get("/me", requireAccess("any"), (c) => {
    const auth = c.get("auth")!;
    return c.json({
      ...describe(auth.principal),
      csrfToken: auth.csrfToken,
      expiresAt: auth.expiresAt,
    });
  });

  app.post("/password", requireAccess("any"), async (c) => {
    const auth = c.get("auth")!;
    const address = clientAddress(c);
    refuseIfLimited(limiter.retryAfterS(address));
    const body = await readBody(c, CHANGE_PASSWORD);
    refuseIfLimited(limiter.takeAttempt(address));
    const principal = auth.principal;
    let subject: SessionSubject;
    if (principal.kind === "account") {
      const release = takeHashSlot(hashWork);
      const result = await accounts
        .changePassword(principal.username, body.currentPassword, body.newPassword)
        .finally(release);
      if (result.ok || result.error.code !== "wrong_password") limiter.reset(address);
      if (!result.ok && result.error.field === "password") {
        unwrap({ ok: false, error: { ...result.error, field: "newPassword" } });
      }
      unwrap(result);
      subject = { kind: "account", accountId: principal.accountId };
    } else {
      if (!extensions.verifyWebLogin(principal.number, body.currentPassword)) {
        throw new ApiError(
          400,
          "wrong_password",
          "currentPassword is not the current password",
          "currentPassword",
        );
      }
      limiter.reset(address);
      const result = extensions.update(principal.number, { sipPassword: body.newPassword });
      if (!result.ok && result.error.field === "sipPassword") {
        unwrap({ ok: false, error: { ...result.error, field: "newPassword" } });
      }
      unwrap(result);
      subject = { kind: "extension", number: principal.number };
    }
    // Every other session of this party ends; this client continues on a fresh one.
    sessions.revokeAll(subject);
    return c.json(startSession(c, services, subject), 200);
  });

  return app;
}

function refuseIfLimited(retryAfterS: number): void {
  if (retryAfterS > 0) {
    throw new ApiError(
      429,
      "rate_limited",
      `too many failed logins; retry in ${retryAfterS} s`,
      undefined,
      {
        "Retry-After": String(retryAfterS),
      },
    );
  }
}

/** A slot for password-hash work, or 429 when every slot is busy (try again in a second). */
function takeHashSlot(hashWork: HashWorkLimit): () => void {
  const release = hashWork.tryTake();
  if (release) return release;
  throw new ApiError(429, "busy", "too many logins at once; retry in 1 s", undefined, {
    "Retry-After": "1",
  });
}

function startSession(c: Context<ApiEnv>, services: ApiServices, subject: SessionSubject) {
  const session = services.sessions.create(subject);
  const https = new URL(c.req.url).protocol === "https:";
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: "Strict",
    secure: https,
    path: "/",
  });
  const valid = services.sessions.validate(session.token)!;
  return {
    token: session.token,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
    ...describe(valid.principal),
  };
}

function describe(principal: Principal) {
  return principal.kind === "account"
    ? { role: principal.role, username: principal.username }
    : { role: principal.role, extension: principal.number };
}

const SESSION_SCHEMA = {
  type: "object",
  required: ["token", "csrfToken", "role", "expiresAt"],
  properties: {
    token: { type: "string", description: "send as Authorization: Bearer <token>" },
    csrfToken: { type: "string", description: "send as X-PBX-CSRF with cookie sessions" },
    role: { enum: ["admin", "operator", "billing", "extension"] },
    username: { type: "string" },
    extension: { type: "string" },
    expiresAt: { type: "string", format: "date-time" },
  },
};

export const authDocs: RouteDoc[] = [
  {
    method: "post",
    path: "/auth/login",
    tag: "auth",
    summary: "Log in; sets the session cookie. Extension users give their number as username",
    access: "public",
    requestBody: LOGIN,
    responses: {
      "200": { description: "logged in", schema: SESSION_SCHEMA },
      "400": "bad input",
      "401": "wrong username or password",
      "429":
        "too many failed logins from this address, or too many logins at once (see Retry-After)",
    },
  },
  {
    method: "post",
    path: "/auth/logout",
    tag: "auth",
    summary: "End this session",
    access: "any",
    responses: { "204": "logged out", "401": "not logged in" },
  },
  {
    method: "get",
    path: "/auth/me",
    tag: "auth",
    summary: "Who is logged in, with the CSRF token for this session",
    access: "any",
    responses: {
      "200": { description: "the session's party (no token)", schema: SESSION_SCHEMA },
      "401": "not logged in",
    },
  },
  {
    method: "post",
    path: "/auth/password",
    tag: "auth",
    summary: "Change one's own password; ends other sessions and returns a fresh one",
    access: "any",
    requestBody: CHANGE_PASSWORD,
    responses: {
      "200": { description: "changed; a new session", schema: SESSION_SCHEMA },
      "400": "wrong current password or a new password that breaks the rules",
      "429": "too many failed attempts",
    },
  },
];
