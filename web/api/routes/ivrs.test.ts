import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let admin: string;
beforeEach(async () => {
  t = await startTestApi();
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
});
afterEach(() => t.close());

describe("/api/v1/ivrs", () => {
  test("nested menus: a key leads to another IVR; an inbound route leads to the menu", async () => {
    const sub = (await (
      await t.call("POST", "/api/v1/ivrs", {
        token: admin,
        body: { name: "support", keys: ["1=extension:102"] },
      })
    ).json()) as { id: number };
    const res = await t.call("POST", "/api/v1/ivrs", {
      token: admin,
      body: {
        name: "main",
        prompt: "custom/acme",
        keys: ["1=extension:101", `9=ivr:${sub.id}`],
        directDial: false,
        repeat: 2,
        timeoutS: 8,
      },
    });
    expect(res.status).toBe(201);
    const main = (await res.json()) as { id: number };
    expect(main).toMatchObject({
      keys: { "1": "extension:101", "9": `ivr:${sub.id}` },
      directDial: false,
      repeat: 2,
    });
    const route = await t.call("POST", "/api/v1/inbound-routes", {
      token: admin,
      body: { name: "all", destination: `ivr:${main.id}` },
    });
    expect(route.status).toBe(201);
    const patched = await t.call("PATCH", `/api/v1/ivrs/${main.id}`, {
      token: admin,
      body: { keys: ["0=hangup"] },
    });
    expect(await patched.json()).toMatchObject({ keys: { "0": "hangup" } });
  });

  test("bad keys and unknown prompts are 400s naming the field; operators get 403", async () => {
    const bad = await t.call("POST", "/api/v1/ivrs", {
      token: admin,
      body: { name: "x", keys: ["1=ivr:99"] },
    });
    expect(await errorOf(bad)).toMatchObject({
      field: "keys",
      message: "keys key 1 has no IVR 99",
    });
    const prompt = await t.call("POST", "/api/v1/ivrs", {
      token: admin,
      body: { name: "x", prompt: "nonsense" },
    });
    expect((await errorOf(prompt)).field).toBe("prompt");
    const op = await t.tokenFor("operator");
    expect((await t.call("GET", "/api/v1/ivrs", { token: op })).status).toBe(403);
  });
});
