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

const LIST = {
  enabled: true,
  ringFirstS: 10,
  mode: "confirm",
  numbers: [
    { number: "101", ringS: 15 },
    { number: "13800138000", ringS: 20 },
  ],
};

describe("/api/v1/follow-me", () => {
  test("off until set; an operator sets any extension, an extension user only its own", async () => {
    expect(await (await t.call("GET", "/api/v1/follow-me/100", { token: op })).json()).toEqual({
      extension: "100",
      enabled: false,
      ringFirstS: 30,
      mode: "always",
      numbers: [],
    });
    const set = await t.call("PUT", "/api/v1/follow-me/100", { token: op, body: LIST });
    expect(await set.json()).toEqual({ extension: "100", ...LIST });
    expect(await (await t.call("GET", "/api/v1/follow-me", { token: op })).json()).toEqual({
      items: [{ extension: "100", ...LIST }],
    });
    const own = (await t.login("101", "ext-pw-101")).token;
    const mine = await t.call("PUT", "/api/v1/follow-me/101", {
      token: own,
      body: { ...LIST, mode: "always", numbers: [{ number: "100", ringS: 30 }] },
    });
    expect(mine.status).toBe(200);
    expect((await t.call("GET", "/api/v1/follow-me/100", { token: own })).status).toBe(403);
    expect((await t.call("PUT", "/api/v1/follow-me/100", { token: own, body: LIST })).status).toBe(
      403,
    );
    expect((await t.call("GET", "/api/v1/follow-me", { token: own })).status).toBe(403);
    const billing = await t.tokenFor("billing");
    expect((await t.call("GET", "/api/v1/follow-me/100", { token: billing })).status).toBe(403);
  });

  test("bad input names the field", async () => {
    const put = (body: unknown) => t.call("PUT", "/api/v1/follow-me/100", { token: op, body });
    expect((await errorOf(await put({ ...LIST, ringFirstS: 2 }))).field).toBe("ringFirstS");
    expect((await errorOf(await put({ ...LIST, mode: "maybe" }))).field).toBe("mode");
    expect(
      (await errorOf(await put({ ...LIST, numbers: [{ number: "12ab", ringS: 10 }] }))).field,
    ).toBe("numbers.0.number");
    expect(
      (await errorOf(await put({ ...LIST, numbers: [{ number: "100", ringS: 10 }] }))).field,
    ).toBe("numbers.0.number");
    expect((await errorOf(await put({ ...LIST, numbers: [] }))).field).toBe("numbers");
    expect((await put({ ...LIST, enabled: false, numbers: [] })).status).toBe(200);
    expect((await t.call("PUT", "/api/v1/follow-me/555", { token: op, body: LIST })).status).toBe(
      404,
    );
  });
});
