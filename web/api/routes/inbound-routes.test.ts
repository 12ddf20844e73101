import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let admin: string;
beforeEach(async () => {
  t = await startTestApi();
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
  await t.call("POST", "/api/v1/trunks", {
    token: admin,
    body: { name: "Lines", kind: "analog", fxoPorts: ["1"] },
  });
});
afterEach(() => t.close());

describe("/api/v1/inbound-routes", () => {
  test("a DID on a trunk to an extension; change and delete", async () => {
    const res = await t.call("POST", "/api/v1/inbound-routes", {
      token: admin,
      body: { name: "main", trunk: "Lines", didPattern: "8888XXXX", destination: "extension:101" },
    });
    expect(res.status).toBe(201);
    const route = (await res.json()) as { id: number };
    expect(route).toMatchObject({
      trunk: "Lines",
      didPattern: "8888XXXX",
      destination: "extension:101",
    });
    const patched = await t.call("PATCH", `/api/v1/inbound-routes/${route.id}`, {
      token: admin,
      body: { destination: "department:600" },
    });
    expect(await patched.json()).toMatchObject({ destination: "department:600" });
    expect(
      (await t.call("DELETE", `/api/v1/inbound-routes/${route.id}`, { token: admin })).status,
    ).toBe(204);
  });

  test("conference is refused as not available yet; voicemail:N and queue:N are taken", async () => {
    const voicemail = await t.call("POST", "/api/v1/inbound-routes", {
      token: admin,
      body: { name: "after hours", destination: "voicemail:101" },
    });
    expect(voicemail.status).toBe(201);
    const queue = await t.call("POST", "/api/v1/inbound-routes", {
      token: admin,
      body: { name: "sales line", destination: "queue:800" },
    });
    expect(queue.status).toBe(201);
    for (const kind of ["conference"]) {
      const res = await t.call("POST", "/api/v1/inbound-routes", {
        token: admin,
        body: { name: kind, destination: `${kind}:1` },
      });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({
        field: "destination",
        message: `destination ${kind} is not available yet`,
      });
    }
    const op = await t.tokenFor("operator");
    expect((await t.call("GET", "/api/v1/inbound-routes", { token: op })).status).toBe(403);
  });
});
