import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let op: string;
beforeEach(async () => {
  t = await startTestApi();
  await t.login("admin", ADMIN_PASSWORD);
  op = await t.tokenFor("operator");
  t.services.extensions.create({ number: "100", sipPassword: "ext-pw-100", webLogin: true });
});
afterEach(() => t.close());

describe("/api/v1/blacklist", () => {
  test("an operator adds, lists and removes outside numbers", async () => {
    const added = await t.call("POST", "/api/v1/blacklist", {
      token: op,
      body: { number: "13800138000" },
    });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ number: "13800138000", addedBy: "operator-user" });
    const list = (await (await t.call("GET", "/api/v1/blacklist", { token: op })).json()) as {
      items: { number: string }[];
    };
    expect(list.items.map((i) => i.number)).toEqual(["13800138000"]);
    const again = await t.call("POST", "/api/v1/blacklist", {
      token: op,
      body: { number: "13800138000" },
    });
    expect(again.status).toBe(409);
    expect((await t.call("DELETE", "/api/v1/blacklist/13800138000", { token: op })).status).toBe(
      204,
    );
    expect((await t.call("DELETE", "/api/v1/blacklist/13800138000", { token: op })).status).toBe(
      404,
    );
  });

  test("an extension's number or a non-number is 400 naming number; extension users refused", async () => {
    for (const number of ["100", "801", "12ab"]) {
      const res = await t.call("POST", "/api/v1/blacklist", { token: op, body: { number } });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe("number");
    }
    const own = (await t.login("100", "ext-pw-100")).token;
    expect((await t.call("GET", "/api/v1/blacklist", { token: own })).status).toBe(403);
    const billing = await t.tokenFor("billing");
    expect(
      (await t.call("POST", "/api/v1/blacklist", { token: billing, body: { number: "1380013" } }))
        .status,
    ).toBe(403);
  });
});
