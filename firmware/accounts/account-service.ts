// SPEC WEB-1, BILL-1: web accounts with roles admin, operator and billing. Passwords are kept
// as argon2id hashes (Bun.password). A login for an unknown or disabled account still runs one
// verification against a dummy hash so response time does not reveal which usernames exist.
// The box always keeps one enabled admin: deleting, disabling or demoting the last is refused.
import { and, count, eq, ne } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { ACCOUNT_ROLES, type AccountRole, accounts, sessions } from "../db/schema/accounts.ts";
import { type Clock, systemClock } from "./clock.ts";
import { readablePassword } from "./random-secret.ts";

export { ACCOUNT_ROLES, type AccountRole };

/** An account as shown to admins (never the hash). */
export interface AccountRecord {
  id: number;
  username: string;
  role: AccountRole;
  disabled: boolean;
  createdAt: Date;
}

/** The vocabulary of account errors. */
export interface AccountError {
  code: "invalid" | "taken" | "not_found" | "last_admin" | "wrong_password";
  field?: string;
  message: string;
  /** For "taken": who holds the value. */
  params?: { holder: string };
}

export type AccountResult<T> = { ok: true; value: T } | { ok: false; error: AccountError };

/** What ensureFirstAdmin did: the generated password is present only when one was made. */
export interface FirstAdmin {
  username: string;
  generatedPassword?: string;
}

/** argon2id cost; the default is OWASP's minimum (19 MiB, 2 passes), bearable on a Cortex-A53. */
export interface PasswordHashCost {
  memoryCostKiB: number;
  timeCost: number;
}

export interface AccountServiceOptions {
  hashCost?: PasswordHashCost;
  clock?: Clock;
}

export const FIRST_ADMIN_USERNAME = "admin";
export const ACCOUNT_PASSWORD_MIN_CHARS = 8;
const USERNAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{1,31}$/;
const DEFAULT_COST: PasswordHashCost = { memoryCostKiB: 19456, timeCost: 2 };

const fail = (error: AccountError) => ({ ok: false, error }) as const;

/** Creates, checks and manages web accounts. */
export class AccountService {
  private readonly cost: PasswordHashCost;
  private readonly clock: Clock;
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly db: PbxDatabase,
    options: AccountServiceOptions = {},
  ) {
    this.cost = options.hashCost ?? DEFAULT_COST;
    this.clock = options.clock ?? systemClock;
  }

  /** All accounts by username. */
  list(): AccountRecord[] {
    return this.db.select(PUBLIC).from(accounts).orderBy(accounts.username).all();
  }

  /** The account with this username. */
  get(username: string): AccountRecord | undefined {
    return this.db.select(PUBLIC).from(accounts).where(eq(accounts.username, username)).get();
  }

  /** Creates an account. */
  async create(input: {
    username: string;
    password: string;
    role: AccountRole;
  }): Promise<AccountResult<AccountRecord>> {
    if (!USERNAME_PATTERN.test(input.username)) {
      const message = "must be 2-32 letters, digits, . _ or -, starting with a letter";
      return fail({ code: "invalid", field: "username", message });
    }
    const problem = passwordProblem(input.password) ?? roleProblem(input.role);
    if (problem) return fail(problem);
    if (this.get(input.username)) {
      return fail({
        code: "taken",
        field: "username",
        message: `${input.username} exists`,
        params: { holder: input.username },
      });
    }
    const passwordHash = await this.hash(input.password);
    if (this.get(input.username)) {
      return fail({
        code: "taken",
        field: "username",
        message: `${input.username} exists`,
        params: { holder: input.username },
      });
    }
    this.db
      .insert(accounts)
      .values({ username: input.username, passwordHash, role: input.role, createdAt: this.now() })
      .run();
    return { ok: true, value: this.get(input.username)! };
  }

  /** The account when `password` is right and the account is enabled. */
  async verifyLogin(username: string, password: string): Promise<AccountRecord | undefined> {
    const row = this.db.select().from(accounts).where(eq(accounts.username, username)).get();
    const hash = row?.passwordHash ?? (await this.dummy());
    const matches = await Bun.password.verify(password, hash).catch(() => false);
    if (!row || !matches || row.disabled) return undefined;
    return this.get(username);
  }

  /** Changes one's own password after checking the current one; ends all its sessions. */
  async changePassword(
    username: string,
    currentPassword: string,
    newPassword: string,
  ): Promise<AccountResult<AccountRecord>> {
    if (!(await this.verifyLogin(username, currentPassword))) {
      const message = "is not the current password";
      return fail({ code: "wrong_password", field: "currentPassword", message });
    }
    return this.update(username, { password: newPassword });
  }

  /** Sets a new random password (an admin's reset) and returns it once. */
  async resetPassword(username: string): Promise<AccountResult<string>> {
    const password = readablePassword(16);
    const result = await this.update(username, { password });
    return result.ok ? { ok: true, value: password } : result;
  }

  /**
   * Changes role, disabled state and/or password together. A new password or disabling ends
   * the account's sessions; the last enabled admin cannot be disabled or demoted.
   */
  async update(
    username: string,
    patch: { role?: AccountRole; disabled?: boolean; password?: string },
  ): Promise<AccountResult<AccountRecord>> {
    if (!this.get(username)) return fail({ code: "not_found", message: `no account ${username}` });
    const problem =
      (patch.password !== undefined ? passwordProblem(patch.password) : undefined) ??
      (patch.role !== undefined ? roleProblem(patch.role) : undefined);
    if (problem) return fail(problem);
    // Hashing waits; everything after it is one write transaction, so the last-admin check
    // sees what the write will change even when two admins demote each other at once.
    const passwordHash = patch.password !== undefined ? await this.hash(patch.password) : undefined;
    const columns = definedOnly({ role: patch.role, disabled: patch.disabled, passwordHash });
    const refusal = this.db.transaction(
      (tx) => {
        const current = tx
          .select(PUBLIC)
          .from(accounts)
          .where(eq(accounts.username, username))
          .get();
        if (!current) return fail({ code: "not_found", message: `no account ${username}` });
        const losesAdmin =
          current.role === "admin" &&
          !current.disabled &&
          ((patch.role !== undefined && patch.role !== "admin") || patch.disabled === true);
        if (losesAdmin && otherEnabledAdmins(tx, current.id) === 0) {
          const field = patch.disabled === true ? "disabled" : "role";
          return fail({
            code: "last_admin",
            field,
            message: "the box must keep one enabled admin",
          });
        }
        if (Object.keys(columns).length > 0) {
          tx.update(accounts).set(columns).where(eq(accounts.id, current.id)).run();
        }
        if (passwordHash !== undefined || patch.disabled === true) {
          tx.delete(sessions).where(eq(sessions.accountId, current.id)).run();
        }
        return undefined;
      },
      { behavior: "immediate" },
    );
    if (refusal) return refusal;
    return { ok: true, value: this.get(username)! };
  }

  /** Deletes an account and its sessions; never the last enabled admin. */
  delete(username: string): AccountResult<void> {
    return this.db.transaction(
      (tx) => {
        const current = tx
          .select(PUBLIC)
          .from(accounts)
          .where(eq(accounts.username, username))
          .get();
        if (!current) return fail({ code: "not_found", message: `no account ${username}` });
        const lastAdmin =
          current.role === "admin" && !current.disabled && otherEnabledAdmins(tx, current.id) === 0;
        if (lastAdmin) {
          return fail({ code: "last_admin", message: "the box must keep one enabled admin" });
        }
        tx.delete(accounts).where(eq(accounts.id, current.id)).run();
        return { ok: true, value: undefined } as const;
      },
      { behavior: "immediate" },
    );
  }

  /**
   * First boot: when no account exists, creates `admin` with `envPassword` (PBX_ADMIN_PASSWORD)
   * or a random 16-character password returned here once, for the console or the label.
   * Null when accounts already exist.
   */
  async ensureFirstAdmin(envPassword?: string): Promise<AccountResult<FirstAdmin | null>> {
    const existing = this.db.select({ n: count() }).from(accounts).get()?.n ?? 0;
    if (existing > 0) return { ok: true, value: null };
    const generated = envPassword === undefined || envPassword === "";
    const password = generated ? readablePassword(16) : envPassword;
    const result = await this.create({ username: FIRST_ADMIN_USERNAME, password, role: "admin" });
    if (!result.ok) return result;
    const value: FirstAdmin = { username: FIRST_ADMIN_USERNAME };
    if (generated) value.generatedPassword = password;
    return { ok: true, value };
  }

  private hash(password: string): Promise<string> {
    return Bun.password.hash(password, {
      algorithm: "argon2id",
      memoryCost: this.cost.memoryCostKiB,
      timeCost: this.cost.timeCost,
    });
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hash(readablePassword(16));
    return this.dummyHash;
  }

  private now(): Date {
    return new Date(this.clock.now());
  }
}

/** Enabled admins other than `id`, read inside the caller's transaction. */
function otherEnabledAdmins(tx: Pick<PbxDatabase, "select">, id: number): number {
  const where = and(eq(accounts.role, "admin"), eq(accounts.disabled, false), ne(accounts.id, id));
  return tx.select({ n: count() }).from(accounts).where(where).get()?.n ?? 0;
}

const PUBLIC = {
  id: accounts.id,
  username: accounts.username,
  role: accounts.role,
  disabled: accounts.disabled,
  createdAt: accounts.createdAt,
};

function passwordProblem(password: string): AccountError | undefined {
  if (password.length < ACCOUNT_PASSWORD_MIN_CHARS || password.length > 128) {
    const message = `must be ${ACCOUNT_PASSWORD_MIN_CHARS}-128 characters`;
    return { code: "invalid", field: "password", message };
  }
  if (/[\u0000-\u001f\u007f]/.test(password)) {
    return { code: "invalid", field: "password", message: "must not contain control characters" };
  }
  return undefined;
}

function roleProblem(role: string): AccountError | undefined {
  if ((ACCOUNT_ROLES as readonly string[]).includes(role)) return undefined;
  return { code: "invalid", field: "role", message: `must be one of: ${ACCOUNT_ROLES.join(", ")}` };
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
