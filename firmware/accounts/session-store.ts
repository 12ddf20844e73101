// SPEC WEB-1: login sessions of web accounts and extension users. Tokens are opaque (32 random
// bytes) and stored only as SHA-256, with an idle expiry (default 8 h) pushed forward on use,
// so logins survive a restart but a stolen database file opens nothing. The CSRF token is
// derived from the session token, so it needs no storage and cannot be computed from the
// database either; a page that still holds a cookie gets it back from GET /auth/me.
import { eq, lt } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { type AccountRole, accounts, sessions } from "../db/schema/accounts.ts";
import { extensions } from "../db/schema/extensions.ts";
import { type Clock, systemClock } from "./clock.ts";
import { newSessionToken, sha256Hex } from "./random-secret.ts";

/** Who a session belongs to. */
export type SessionSubject =
  | { kind: "account"; accountId: number }
  | { kind: "extension"; number: string };

/** The logged-in party behind a valid session, with its current role. */
export type Principal =
  | { kind: "account"; accountId: number; username: string; role: AccountRole }
  | { kind: "extension"; number: string; role: "extension" };

/** A freshly created session; the token is shown to the client once and never stored. */
export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** A valid session looked up by its token. */
export interface ValidSession {
  principal: Principal;
  csrfToken: string;
  expiresAt: Date;
}

export interface SessionStoreOptions {
  idleTimeoutMs?: number;
  clock?: Clock;
}

export const DEFAULT_IDLE_TIMEOUT_MS = 8 * 60 * 60 * 1000;
// Sliding the expiry on every request would write the database on every click.
const TOUCH_INTERVAL_MS = 60 * 1000;

/** Creates, checks and ends login sessions. */
export class SessionStore {
  private readonly idleTimeoutMs: number;
  private readonly clock: Clock;

  constructor(
    private readonly db: PbxDatabase,
    options: SessionStoreOptions = {},
  ) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.clock = options.clock ?? systemClock;
  }

  /** Starts a session for `subject`; also drops expired sessions. */
  create(subject: SessionSubject): NewSession {
    const now = this.clock.now();
    this.purgeExpired();
    const token = newSessionToken();
    const expiresAt = new Date(now + this.idleTimeoutMs);
    this.db
      .insert(sessions)
      .values({
        tokenSha256: sha256Hex(token),
        accountId: subject.kind === "account" ? subject.accountId : null,
        extensionNumber: subject.kind === "extension" ? subject.number : null,
        createdAt: new Date(now),
        lastSeenAt: new Date(now),
        expiresAt,
      })
      .run();
    return { token, csrfToken: csrfTokenFor(token), expiresAt };
  }

  /**
   * The session behind `token`, or undefined when unknown, expired, or its account is disabled
   * or its extension no longer allows web login. Use pushes the idle expiry forward.
   */
  validate(token: string): ValidSession | undefined {
    const now = this.clock.now();
    const key = sha256Hex(token);
    const row = this.db
      .select({
        lastSeenAt: sessions.lastSeenAt,
        expiresAt: sessions.expiresAt,
        accountId: accounts.id,
        username: accounts.username,
        role: accounts.role,
        disabled: accounts.disabled,
        extensionNumber: extensions.number,
        webLogin: extensions.webLogin,
      })
      .from(sessions)
      .leftJoin(accounts, eq(sessions.accountId, accounts.id))
      .leftJoin(extensions, eq(sessions.extensionNumber, extensions.number))
      .where(eq(sessions.tokenSha256, key))
      .get();
    if (!row || row.expiresAt.getTime() <= now) return undefined;
    let principal: Principal;
    if (row.accountId !== null && row.username !== null && row.role !== null && !row.disabled) {
      principal = {
        kind: "account",
        accountId: row.accountId,
        username: row.username,
        role: row.role,
      };
    } else if (row.extensionNumber !== null && row.webLogin === true) {
      principal = { kind: "extension", number: row.extensionNumber, role: "extension" };
    } else {
      return undefined;
    }
    let expiresAt = row.expiresAt;
    if (now - row.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
      expiresAt = new Date(now + this.idleTimeoutMs);
      this.db
        .update(sessions)
        .set({ lastSeenAt: new Date(now), expiresAt })
        .where(eq(sessions.tokenSha256, key))
        .run();
    }
    return { principal, csrfToken: csrfTokenFor(token), expiresAt };
  }

  /** Ends the session behind `token`; false when there was none. */
  revoke(token: string): boolean {
    const removed = this.db
      .delete(sessions)
      .where(eq(sessions.tokenSha256, sha256Hex(token)))
      .returning({ key: sessions.tokenSha256 })
      .all();
    return removed.length > 0;
  }

  /** Ends every session of `subject` (an extension whose password changed, say). */
  revokeAll(subject: SessionSubject): number {
    const where =
      subject.kind === "account"
        ? eq(sessions.accountId, subject.accountId)
        : eq(sessions.extensionNumber, subject.number);
    return this.db.delete(sessions).where(where).returning({ key: sessions.tokenSha256 }).all()
      .length;
  }

  /** Drops sessions past their expiry; returns how many. */
  purgeExpired(): number {
    const where = lt(sessions.expiresAt, new Date(this.clock.now()));
    return this.db.delete(sessions).where(where).returning({ key: sessions.tokenSha256 }).all()
      .length;
  }
}

/** The CSRF token that goes with a session token. */
export function csrfTokenFor(token: string): string {
  return new Bun.CryptoHasher("sha256").update(`pbx-csrf:${token}`).digest("base64url");
}
