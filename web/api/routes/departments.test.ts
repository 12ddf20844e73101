import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let op: string;
beforeEach(async () => {
  t = await startTestApi();
  await t.login("admin", ADMIN_PASSWORD);
  op = await t.tokenFor("operator");
  t.services.extensions.bulkAdd({ startNumber: "100", count: 4 });
});
afterEach(() => t.close());

describe("/api/v1/departments", () => {
  test("an operator creates, reads, changes and deletes a department", async () => {
    const created = await t.call("POST", "/api/v1/departments", {
      token: op,
      body: { name: "Sales", number: "600", ringStrategy: "round-robin", members: ["100", "101"] },
    });
    expect(created.status).toBe(201);
    const dept = (await created.json()) as { id: number; members: string[] };
    expect(dept).toMatchObject({ name: "Sales", number: "600", members: ["100", "101"] });

    const list = (await (await t.call("GET", "/api/v1/departments", { token: op })).json()) as {
      items: unknown[];
    };
    expect(list.items).toHaveLength(1);

    const patched = await t.call("PATCH", `/api/v1/departments/${dept.id}`, {
      token: op,
      body: { members: ["102"], noAnswerDestination: "voicemail:102" },
    });
    expect(await patched.json()).toMatchObject({
      members: ["102"],
      noAnswerDestination: "voicemail:102",
    });

    expect((await t.call("DELETE", `/api/v1/departments/${dept.id}`, { token: op })).status).toBe(
      204,
    );
    expect(t.services.extensions.get("102")?.departmentId).toBeNull();
    expect((await t.call("GET", `/api/v1/departments/${dept.id}`, { token: op })).status).toBe(404);
    expect((await t.call("GET", "/api/v1/departments/abc", { token: op })).status).toBe(404);
  });

  test("refuses an extension already in another department with 409 naming members", async () => {
    await t.call("POST", "/api/v1/departments", {
      token: op,
      body: { name: "Sales", number: "600", members: ["100"] },
    });
    const res = await t.call("POST", "/api/v1/departments", {
      token: op,
      body: { name: "Support", number: "601", members: ["100"] },
    });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).field).toBe("members");
    const bad = await t.call("POST", "/api/v1/departments", {
      token: op,
      body: { name: "Ops", number: "602", ringStrategy: "random" },
    });
    expect((await errorOf(bad)).field).toBe("ringStrategy");
  });

  test("a department's own ring time: 5-300 s, null for the box's, anything else 400 naming it", async () => {
    const created = await t.call("POST", "/api/v1/departments", {
      token: op,
      body: { name: "Sales", number: "600", ringStrategy: "in-order", ringTimeS: 20 },
    });
    expect(created.status).toBe(201);
    const dept = (await created.json()) as { id: number; ringTimeS: number | null };
    expect(dept.ringTimeS).toBe(20);
    for (const ringTimeS of [4, 301, 12.5, "20"]) {
      const refused = await t.call("PATCH", `/api/v1/departments/${dept.id}`, {
        token: op,
        body: { ringTimeS },
      });
      expect(refused.status).toBe(400);
      expect((await errorOf(refused)).field).toBe("ringTimeS");
    }
    const cleared = await t.call("PATCH", `/api/v1/departments/${dept.id}`, {
      token: op,
      body: { ringTimeS: null },
    });
    expect(await cleared.json()).toMatchObject({ ringTimeS: null });
    const other = await t.call("POST", "/api/v1/departments", {
      token: op,
      body: { name: "Support", number: "700" },
    });
    expect(await other.json()).toMatchObject({ ringTimeS: null });
    const doc = (await (await t.call("GET", "/api/v1/openapi.json")).json()) as {
      paths: Record<string, { post?: { requestBody?: unknown } }>;
    };
    const body = JSON.stringify(doc.paths["/api/v1/departments"]?.post?.requestBody);
    expect(body).toContain('"ringTimeS"');
    expect(body).toContain('"maximum":300');
  });

  test("billing users and extension users get 403", async () => {
    const billing = await t.tokenFor("billing");
    expect((await t.call("GET", "/api/v1/departments", { token: billing })).status).toBe(403);
    t.services.extensions.update("100", { sipPassword: "ext-pw-100", webLogin: true });
    const ext = (await t.login("100", "ext-pw-100")).token;
    expect((await t.call("GET", "/api/v1/departments", { token: ext })).status).toBe(403);
  });
});
