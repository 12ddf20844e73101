import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

// START_MS is 2025-03-01 08:00 UTC: 16:00 in the box's default zone (Asia/Shanghai).
let t: TestApi;
let op: string;
beforeEach(async () => {
  t = await startTestApi();
  await t.login("admin", ADMIN_PASSWORD);
  op = await t.tokenFor("operator");
  t.services.extensions.create({ number: "100", sipPassword: "ext-pw-100", webLogin: true });
  t.services.extensions.create({ number: "101", sipPassword: "ext-pw-101", webLogin: true });
});
afterEach(() => t.close());

describe("/api/v1/wakeup-calls", () => {
  test("an operator books, moves and cancels; times are the box's wall clock", async () => {
    const made = await t.call("POST", "/api/v1/wakeup-calls", {
      token: op,
      body: { extension: "100", at: "2025-03-02T07:30" },
    });
    expect(made.status).toBe(201);
    const call = (await made.json()) as { id: number; at: string; atMs: number; status: string };
    expect(call).toMatchObject({ extension: "100", at: "2025-03-02T07:30", status: "scheduled" });
    expect(call.atMs).toBe(Date.UTC(2025, 2, 1, 23, 30));
    expect(t.wakeupChanges.count).toBe(1);
    await t.call("POST", "/api/v1/wakeup-calls", {
      token: op,
      body: { extension: "801", at: "2025-03-01T18:00" },
    });
    const list = (await (await t.call("GET", "/api/v1/wakeup-calls", { token: op })).json()) as {
      items: { extension: string; at: string }[];
    };
    expect(list.items.map((i) => [i.extension, i.at])).toEqual([
      ["801", "2025-03-01T18:00"],
      ["100", "2025-03-02T07:30"],
    ]);
    const moved = await t.call("PATCH", `/api/v1/wakeup-calls/${call.id}`, {
      token: op,
      body: { at: "2025-03-01T17:00" },
    });
    expect(await moved.json()).toMatchObject({ extension: "100", at: "2025-03-01T17:00" });
    expect((await t.call("DELETE", `/api/v1/wakeup-calls/${call.id}`, { token: op })).status).toBe(
      204,
    );
    const after = (await (await t.call("GET", "/api/v1/wakeup-calls", { token: op })).json()) as {
      items: unknown[];
    };
    expect(after.items).toHaveLength(1);
  });

  test("an extension user sees and books only its own", async () => {
    const other = await t.call("POST", "/api/v1/wakeup-calls", {
      token: op,
      body: { extension: "101", at: "2025-03-02T06:00" },
    });
    const otherId = ((await other.json()) as { id: number }).id;
    const own = (await t.login("100", "ext-pw-100")).token;
    const mine = await t.call("POST", "/api/v1/wakeup-calls", {
      token: own,
      body: { extension: "100", at: "2025-03-02T06:30" },
    });
    expect(mine.status).toBe(201);
    expect(await mine.json()).toMatchObject({ bookedBy: "100" });
    const seen = (await (await t.call("GET", "/api/v1/wakeup-calls", { token: own })).json()) as {
      items: { extension: string }[];
    };
    expect(seen.items.map((i) => i.extension)).toEqual(["100"]);
    expect(
      (
        await t.call("POST", "/api/v1/wakeup-calls", {
          token: own,
          body: { extension: "101", at: "2025-03-02T06:30" },
        })
      ).status,
    ).toBe(403);
    expect((await t.call("DELETE", `/api/v1/wakeup-calls/${otherId}`, { token: own })).status).toBe(
      404,
    );
    const billing = await t.tokenFor("billing");
    expect((await t.call("GET", "/api/v1/wakeup-calls", { token: billing })).status).toBe(403);
  });

  test("bad input names the field", async () => {
    const book = (body: unknown) => t.call("POST", "/api/v1/wakeup-calls", { token: op, body });
    const past = await book({ extension: "100", at: "2025-03-01T15:59" });
    expect(past.status).toBe(400);
    expect(await errorOf(past)).toMatchObject({ field: "at" });
    expect((await errorOf(await book({ extension: "100", at: "2025-02-30T07:00" }))).field).toBe(
      "at",
    );
    expect((await errorOf(await book({ extension: "100", at: "tomorrow" }))).field).toBe("at");
    expect((await errorOf(await book({ extension: "555", at: "2025-03-02T07:00" }))).field).toBe(
      "extension",
    );
    expect((await t.call("PATCH", "/api/v1/wakeup-calls/99", { token: op, body: {} })).status).toBe(
      404,
    );
  });
});
