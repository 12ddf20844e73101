import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let admin: string;
let op: string;
beforeEach(async () => {
  t = await startTestApi();
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
  op = await t.tokenFor("operator");
  t.services.extensions.create({ number: "100", sipPassword: "ext-pw-100", webLogin: true });
  t.services.extensions.create({ number: "101", sipPassword: "ext-pw-101", webLogin: true });
});
afterEach(() => t.close());

const items = async (token: string, query = "") =>
  (
    (await (await t.call("GET", `/api/v1/call-forwards${query}`, { token })).json()) as {
      items: { extension: string; type: string; number: string; enabled: boolean }[];
    }
  ).items;

describe("/api/v1/call-forwards", () => {
  test("an operator sets, lists, turns off and removes any extension's forwarding", async () => {
    const set = await t.call("PUT", "/api/v1/call-forwards/100/busy", {
      token: op,
      body: { number: "985274196" },
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({
      extension: "100",
      type: "busy",
      number: "985274196",
      enabled: true,
    });
    await t.call("PUT", "/api/v1/call-forwards/801/always", {
      token: admin,
      body: { number: "101" },
    });
    expect((await items(op)).map((f) => [f.extension, f.type])).toEqual([
      ["100", "busy"],
      ["801", "always"],
    ]);
    await t.call("PUT", "/api/v1/call-forwards/100/busy", {
      token: op,
      body: { number: "985274196", enabled: false },
    });
    expect((await items(op, "?extension=100"))[0]?.enabled).toBe(false);
    const gone = await t.call("DELETE", "/api/v1/call-forwards/100/busy", { token: op });
    expect(gone.status).toBe(204);
    expect(await items(op, "?extension=100")).toEqual([]);
    expect((await t.call("DELETE", "/api/v1/call-forwards/100/busy", { token: op })).status).toBe(
      404,
    );
  });

  test("bad input is 400 naming the field; an unknown extension or type is 404", async () => {
    const bad = await t.call("PUT", "/api/v1/call-forwards/100/always", {
      token: op,
      body: { number: "10a" },
    });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe("number");
    const self = await t.call("PUT", "/api/v1/call-forwards/100/always", {
      token: op,
      body: { number: "100" },
    });
    expect((await errorOf(self)).field).toBe("number");
    const extra = await t.call("PUT", "/api/v1/call-forwards/100/always", {
      token: op,
      body: { number: "101", enabled: "yes" },
    });
    expect((await errorOf(extra)).field).toBe("enabled");
    const ghost = await t.call("PUT", "/api/v1/call-forwards/555/always", {
      token: op,
      body: { number: "101" },
    });
    expect(ghost.status).toBe(404);
    const type = await t.call("PUT", "/api/v1/call-forwards/100/sometimes", {
      token: op,
      body: { number: "101" },
    });
    expect(type.status).toBe(404);
  });

  test("an extension user sees and sets only its own; billing may not at all", async () => {
    const own = (await t.login("100", "ext-pw-100")).token;
    expect(
      (
        await t.call("PUT", "/api/v1/call-forwards/100/no-answer", {
          token: own,
          body: { number: "101" },
        })
      ).status,
    ).toBe(200);
    await t.call("PUT", "/api/v1/call-forwards/101/always", { token: op, body: { number: "100" } });
    expect((await items(own)).map((f) => f.extension)).toEqual(["100"]);
    expect(
      (await t.call("GET", "/api/v1/call-forwards?extension=101", { token: own })).status,
    ).toBe(403);
    const other = await t.call("PUT", "/api/v1/call-forwards/101/always", {
      token: own,
      body: { number: "100" },
    });
    expect(other.status).toBe(403);
    expect(
      (await t.call("PATCH", "/api/v1/call-forwards/options", { token: own, body: {} })).status,
    ).toBe(403);
    const billing = await t.tokenFor("billing");
    expect((await t.call("GET", "/api/v1/call-forwards", { token: billing })).status).toBe(403);
    expect((await t.call("GET", "/api/v1/call-forwards")).status).toBe(401);
  });

  test("the box-wide options: pass the caller's number through, announce before forwarding", async () => {
    const before = await t.call("GET", "/api/v1/call-forwards/options", { token: op });
    expect(await before.json()).toEqual({ passCallerId: false, announce: false });
    const changed = await t.call("PATCH", "/api/v1/call-forwards/options", {
      token: admin,
      body: { passCallerId: true },
    });
    expect(await changed.json()).toEqual({ passCallerId: true, announce: false });
    const announced = await t.call("PATCH", "/api/v1/call-forwards/options", {
      token: op,
      body: { announce: true },
    });
    expect(await announced.json()).toEqual({ passCallerId: true, announce: true });
    expect(t.services.settings.get("forwarding.passCallerId", false)).toBe(true);
    const bad = await t.call("PATCH", "/api/v1/call-forwards/options", {
      token: admin,
      body: { passCallerId: 1 },
    });
    expect((await errorOf(bad)).field).toBe("passCallerId");
  });
});
