import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let admin: string;
beforeEach(async () => {
  t = await startTestApi();
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
});
afterEach(() => t.close());

describe("/api/v1/accounts", () => {
  test("an admin creates, reads, changes, resets and deletes accounts", async () => {
    const created = await t.call("POST", "/api/v1/accounts", {
      token: admin,
      body: { username: "lily", password: "operator pw 1", role: "operator" },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      username: "lily",
      role: "operator",
      disabled: false,
    });

    const list = (await (await t.call("GET", "/api/v1/accounts", { token: admin })).json()) as {
      items: Record<string, unknown>[];
    };
    expect(list.items.map((a) => a.username)).toEqual(["admin", "lily"]);
    expect(list.items[0]).not.toHaveProperty("passwordHash");

    const one = await t.call("GET", "/api/v1/accounts/lily", { token: admin });
    expect(await one.json()).toMatchObject({ role: "operator" });

    const patched = await t.call("PATCH", "/api/v1/accounts/lily", {
      token: admin,
      body: { role: "billing" },
    });
    expect(await patched.json()).toMatchObject({ role: "billing" });
    expect((await t.login("lily", "operator pw 1")).role).toBe("billing");

    const reset = await t.call("POST", "/api/v1/accounts/lily/password-reset", { token: admin });
    const { password } = (await reset.json()) as { password: string };
    expect(password).toHaveLength(16);
    await t.login("lily", password);

    expect((await t.call("DELETE", "/api/v1/accounts/lily", { token: admin })).status).toBe(204);
    expect((await t.call("GET", "/api/v1/accounts/lily", { token: admin })).status).toBe(404);
  });

  test("disabling an account ends its sessions and refuses its logins", async () => {
    const op = await t.tokenFor("operator");
    const res = await t.call("PATCH", "/api/v1/accounts/operator-user", {
      token: admin,
      body: { disabled: true },
    });
    expect(res.status).toBe(200);
    expect((await t.call("GET", "/api/v1/auth/me", { token: op })).status).toBe(401);
    const login = await t.call("POST", "/api/v1/auth/login", {
      body: { username: "operator-user", password: "operator password" },
    });
    expect(login.status).toBe(401);
  });

  test("refuses to remove the last admin with 409", async () => {
    const del = await t.call("DELETE", "/api/v1/accounts/admin", { token: admin });
    expect(del.status).toBe(409);
    expect((await errorOf(del)).code).toBe("last_admin");
    const demote = await t.call("PATCH", "/api/v1/accounts/admin", {
      token: admin,
      body: { role: "operator" },
    });
    expect(demote.status).toBe(409);
    expect((await errorOf(demote)).field).toBe("role");
  });

  test("two admins demoting or disabling each other at once leave one enabled admin", async () => {
    for (const change of [
      { role: "operator", password: "a new password" },
      { disabled: true, password: "a new password" },
      { role: "billing" },
    ]) {
      await t.services.accounts.create({
        username: "second",
        password: "second pw!",
        role: "admin",
      });
      const first = (await t.login("admin", ADMIN_PASSWORD)).token;
      const second = (await t.login("second", "second pw!")).token;
      const answers = await Promise.all([
        t.call("PATCH", "/api/v1/accounts/second", { token: first, body: change }),
        t.call("PATCH", "/api/v1/accounts/admin", { token: second, body: change }),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      const admins = t.services.accounts.list().filter((a) => a.role === "admin" && !a.disabled);
      expect(admins.length).toBe(1);
      // Put the box back: the survivor restores admin, the other account goes.
      const survivor = admins[0]!.username;
      const other = survivor === "admin" ? "second" : "admin";
      await t.services.accounts.update(other, { role: "admin", disabled: false });
      await t.services.accounts.update("admin", { password: ADMIN_PASSWORD });
      expect(t.services.accounts.delete("second").ok).toBe(true);
    }
  });

  test("two admins deleting each other at once leave one admin", async () => {
    await t.services.accounts.create({ username: "second", password: "second pw!", role: "admin" });
    const second = (await t.login("second", "second pw!")).token;
    const answers = await Promise.all([
      t.call("DELETE", "/api/v1/accounts/second", { token: admin }),
      t.call("DELETE", "/api/v1/accounts/admin", { token: second }),
    ]);
    expect(answers.map((r) => r.status).sort()).toEqual([204, 409]);
    expect(t.services.accounts.list().filter((a) => a.role === "admin").length).toBe(1);
  });

  test("names the refused field, and refuses a taken username with 409", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ username: "x y", password: "long enough", role: "operator" }, "username"],
      [{ username: "zoe", password: "short", role: "operator" }, "password"],
      [{ username: "zoe", password: "long enough", role: "root" }, "role"],
      [{ username: "zoe", password: "long enough" }, "role"],
      [{ username: "zoe", password: "long enough", role: "billing", extra: 1 }, "extra"],
    ];
    for (const [body, field] of cases) {
      const res = await t.call("POST", "/api/v1/accounts", { token: admin, body });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe(field);
    }
    const dup = await t.call("POST", "/api/v1/accounts", {
      token: admin,
      body: { username: "admin", password: "long enough", role: "admin" },
    });
    expect(dup.status).toBe(409);
  });

  test("operators and billing users get 403, anonymous callers 401", async () => {
    for (const role of ["operator", "billing"] as const) {
      const token = await t.tokenFor(role);
      expect((await t.call("GET", "/api/v1/accounts", { token })).status).toBe(403);
      const post = await t.call("POST", "/api/v1/accounts", {
        token,
        body: { username: "sneaky", password: "long enough", role: "admin" },
      });
      expect(post.status).toBe(403);
      expect((await errorOf(post)).code).toBe("forbidden");
    }
    expect((await t.call("GET", "/api/v1/accounts")).status).toBe(401);
    expect(t.services.accounts.get("sneaky")).toBeUndefined();
  });
});
