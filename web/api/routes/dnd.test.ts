import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

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

describe("/api/v1/dnd", () => {
  test("an operator switches any extension, an extension user only its own", async () => {
    const on = await t.call("PUT", "/api/v1/dnd/801", { token: op, body: { enabled: true } });
    expect(await on.json()).toEqual({ extension: "801", enabled: true });
    const own = (await t.login("100", "ext-pw-100")).token;
    const mine = await t.call("PUT", "/api/v1/dnd/100", { token: own, body: { enabled: true } });
    expect(await mine.json()).toEqual({ extension: "100", enabled: true });
    expect(await (await t.call("GET", "/api/v1/dnd", { token: op })).json()).toEqual({
      items: ["100", "801"],
    });
    expect(
      (await t.call("PUT", "/api/v1/dnd/101", { token: own, body: { enabled: true } })).status,
    ).toBe(403);
    expect((await t.call("GET", "/api/v1/dnd", { token: own })).status).toBe(403);
    const off = await t.call("PUT", "/api/v1/dnd/100", { token: own, body: { enabled: false } });
    expect(await off.json()).toEqual({ extension: "100", enabled: false });
    expect(await (await t.call("GET", "/api/v1/dnd/100", { token: own })).json()).toEqual({
      extension: "100",
      enabled: false,
    });
  });

  test("bad input names the field; an unknown extension is 404; billing is refused", async () => {
    const bad = await t.call("PUT", "/api/v1/dnd/100", { token: op, body: { enabled: "on" } });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe("enabled");
    expect(
      (await t.call("PUT", "/api/v1/dnd/555", { token: op, body: { enabled: true } })).status,
    ).toBe(404);
    const billing = await t.tokenFor("billing");
    expect((await t.call("GET", "/api/v1/dnd/100", { token: billing })).status).toBe(403);
  });
});
