import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { OpenDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { AccountService } from "./account-service.ts";
import { SessionStore } from "./session-store.ts";

// Cheap argon2id parameters keep the suite fast; the cost is a constructor option.
const hashCost = { memoryCostKiB: 256, timeCost: 1 };
let open: OpenDatabase;
let service: AccountService;

beforeEach(() => {
  open = openTestDatabase();
  service = new AccountService(open.db, { hashCost });
});
afterEach(() => open.close());

async function make(username: string, role: "admin" | "operator" | "billing" = "operator") {
  const result = await service.create({ username, password: "correct horse", role });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe("AccountService", () => {
  test("stores an argon2id hash, never the password", async () => {
    await make("alice");
    const row = open.sqlite.query("SELECT password_hash FROM accounts").get() as {
      password_hash: string;
    };
    expect(row.password_hash.startsWith("$argon2id$")).toBe(true);
    expect(row.password_hash).not.toContain("correct horse");
    expect(service.list()[0]).toEqual({
      id: expect.any(Number),
      username: "alice",
      role: "operator",
      disabled: false,
      createdAt: expect.any(Date),
    });
  });

  test("verifies logins and refuses wrong passwords, unknown and disabled accounts", async () => {
    await make("root", "admin");
    await make("bob");
    expect((await service.verifyLogin("bob", "correct horse"))?.role).toBe("operator");
    expect(await service.verifyLogin("bob", "wrong horse")).toBeUndefined();
    expect(await service.verifyLogin("nobody", "correct horse")).toBeUndefined();
    expect((await service.update("bob", { disabled: true })).ok).toBe(true);
    expect(await service.verifyLogin("bob", "correct horse")).toBeUndefined();
  });

  test("refuses bad usernames, short passwords, unknown roles and duplicates", async () => {
    const field = async (input: Parameters<AccountService["create"]>[0]) => {
      const r = await service.create(input);
      return r.ok ? null : r.error.field;
    };
    expect(await field({ username: "1001", password: "long enough", role: "admin" })).toBe(
      "username",
    );
    expect(await field({ username: "a b", password: "long enough", role: "admin" })).toBe(
      "username",
    );
    expect(await field({ username: "carol", password: "short", role: "admin" })).toBe("password");
    expect(await field({ username: "carol", password: "long enough", role: "root" as never })).toBe(
      "role",
    );
    await make("carol");
    const dup = await service.create({
      username: "carol",
      password: "long enough",
      role: "billing",
    });
    expect(dup.ok ? null : dup.error.code).toBe("taken");
  });

  test("changes one's password only with the current one", async () => {
    await make("dave");
    const wrong = await service.changePassword("dave", "not it", "new password");
    expect(wrong.ok ? null : wrong.error).toMatchObject({
      code: "wrong_password",
      field: "currentPassword",
    });
    expect((await service.changePassword("dave", "correct horse", "new password")).ok).toBe(true);
    expect(await service.verifyLogin("dave", "new password")).toBeDefined();
    expect(await service.verifyLogin("dave", "correct horse")).toBeUndefined();
  });

  test("a reset returns a new 16-character password that works", async () => {
    await make("erin");
    const reset = await service.resetPassword("erin");
    if (!reset.ok) throw new Error(reset.error.message);
    expect(reset.value).toHaveLength(16);
    expect(await service.verifyLogin("erin", reset.value)).toBeDefined();
  });

  test("never deletes, disables or demotes the last enabled admin", async () => {
    await make("root", "admin");
    expect(service.delete("root")).toMatchObject({ ok: false, error: { code: "last_admin" } });
    expect(await service.update("root", { disabled: true })).toMatchObject({
      ok: false,
      error: { code: "last_admin", field: "disabled" },
    });
    expect(await service.update("root", { role: "operator" })).toMatchObject({
      ok: false,
      error: { code: "last_admin", field: "role" },
    });
    await make("root2", "admin");
    expect(service.delete("root").ok).toBe(true);
    expect(service.list().map((a) => a.username)).toEqual(["root2"]);
    expect(service.delete("nobody")).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  test("a new password or disabling ends the account's sessions", async () => {
    const sessions = new SessionStore(open.db);
    const frank = await make("frank");
    const s1 = sessions.create({ kind: "account", accountId: frank.id });
    await service.update("frank", { password: "another password" });
    expect(sessions.validate(s1.token)).toBeUndefined();
    const s2 = sessions.create({ kind: "account", accountId: frank.id });
    await service.update("frank", { disabled: true });
    expect(sessions.validate(s2.token)).toBeUndefined();
  });
});

describe("AccountService.ensureFirstAdmin", () => {
  test("creates admin with a random 16-character password once", async () => {
    const first = await service.ensureFirstAdmin(undefined);
    if (!first.ok || !first.value) throw new Error("no admin created");
    const password = first.value.generatedPassword!;
    expect(password).toMatch(/^[A-Za-z2-9]{16}$/);
    expect((await service.verifyLogin("admin", password))?.role).toBe("admin");
    expect(await service.ensureFirstAdmin(undefined)).toEqual({ ok: true, value: null });
  });

  test("uses PBX_ADMIN_PASSWORD when given and does not echo it", async () => {
    const first = await service.ensureFirstAdmin("from-the-label");
    expect(first).toEqual({ ok: true, value: { username: "admin" } });
    expect(await service.verifyLogin("admin", "from-the-label")).toBeDefined();
  });
});
