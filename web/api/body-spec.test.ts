// Field refusals carry a code, the field and the values a translated message needs; a path
// that exists answers a wrong method with 405 and Allow.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "./test-api.ts";

let t: TestApi;
let admin: string;
beforeEach(async () => {
  t = await startTestApi();
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
});
afterEach(() => t.close());

describe("field refusals", () => {
  test("a gain outside -24..12 dB is out-of-range with min and max", async () => {
    const res = await t.call("PATCH", "/api/v1/analog-extensions/1", {
      token: admin,
      body: { rxGainDb: 20 },
    });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({
      code: "out-of-range",
      field: "rxGainDb",
      message: "rxGainDb must be from -24 to 12",
      params: { min: -24, max: 12 },
    });
  });

  test("required, too-long, pattern, one-of, type and unknown fields each have their code", async () => {
    const cases: [unknown, Record<string, unknown>][] = [
      [{ displayName: "x" }, { code: "required", field: "number" }],
      [
        { number: "100", displayName: "x".repeat(65) },
        { code: "too-long", params: { max: 64 } },
      ],
      [{ number: "0100" }, { code: "pattern", field: "number" }],
      [
        { number: "100", transport: "sctp" },
        { code: "one-of", field: "transport", params: { values: "udp, tcp, tls" } },
      ],
      [
        { number: "100", video: "yes" },
        { code: "type", field: "video" },
      ],
      [
        { number: "100", colour: "red" },
        { code: "unknown-field", field: "colour" },
      ],
      [
        { number: "100", registrationExpiryS: 30 },
        { code: "out-of-range", params: { min: 60, max: 86400 } },
      ],
    ];
    for (const [body, expected] of cases) {
      const res = await t.call("POST", "/api/v1/extensions", { token: admin, body });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject(expected);
    }
    // Nothing refused was stored.
    const list = (await (await t.call("GET", "/api/v1/extensions", { token: admin })).json()) as {
      total: number;
    };
    expect(list.total).toBe(0);
  });

  test("a number in use is taken, naming who holds it", async () => {
    const body = { number: "100" };
    expect((await t.call("POST", "/api/v1/extensions", { token: admin, body })).status).toBe(201);
    const again = await t.call("POST", "/api/v1/extensions", { token: admin, body });
    expect(again.status).toBe(409);
    expect(await errorOf(again)).toMatchObject({
      code: "taken",
      field: "number",
      params: { holder: { kind: "extension", number: "100" } },
    });
    const dept = await t.call("POST", "/api/v1/departments", {
      token: admin,
      body: { name: "Sales", number: "100" },
    });
    expect(dept.status).toBe(409);
    expect(await errorOf(dept)).toMatchObject({
      code: "taken",
      params: { holder: { kind: "extension", number: "100" } },
    });
  });
});

describe("405 Method Not Allowed", () => {
  test("a wrong method on an existing path is 405 with Allow; an unknown path stays 404", async () => {
    const health = await t.call("DELETE", "/api/v1/health", { token: admin });
    expect(health.status).toBe(405);
    expect(health.headers.get("Allow")).toBe("GET, HEAD");
    expect((await errorOf(health)).code).toBe("method_not_allowed");

    const one = await t.call("PUT", "/api/v1/extensions/100", { token: admin, body: {} });
    expect(one.status).toBe(405);
    expect(one.headers.get("Allow")).toBe("DELETE, GET, HEAD, PATCH");

    const list = await t.call("DELETE", "/api/v1/extensions", { token: admin });
    expect(list.status).toBe(405);
    expect(list.headers.get("Allow")).toBe("GET, HEAD, POST");

    const nowhere = await t.call("GET", "/api/v1/no-such-thing", { token: admin });
    expect(nowhere.status).toBe(404);
    expect(nowhere.headers.get("Allow")).toBeNull();
  });
});
