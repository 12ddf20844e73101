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

interface Room {
  number: string;
  guestPin: string;
  adminPin: string;
  waitForAdmin: boolean;
  participants: unknown[];
}

describe("/api/v1/conference-rooms", () => {
  test("ten rooms 90-99 with the manual's PINs 1234 / 2345; an edit is kept", async () => {
    const list = (await (
      await t.call("GET", "/api/v1/conference-rooms", { token: op })
    ).json()) as {
      items: Room[];
    };
    expect(list.items.map((r) => r.number)).toEqual([
      "90",
      "91",
      "92",
      "93",
      "94",
      "95",
      "96",
      "97",
      "98",
      "99",
    ]);
    expect(list.items[1]).toMatchObject({ guestPin: "1234", adminPin: "2345", participants: [] });
    const saved = await t.call("PUT", "/api/v1/conference-rooms/95", {
      token: op,
      body: { name: "Board", guestPin: "4321", waitForAdmin: true },
    });
    expect(saved.status).toBe(200);
    const again = (await (
      await t.call("GET", "/api/v1/conference-rooms/95", { token: op })
    ).json()) as Room;
    expect(again).toMatchObject({
      name: "Board",
      guestPin: "4321",
      adminPin: "2345",
      waitForAdmin: true,
    });
  });

  test("bad input is 400 naming the field; 89 is no room; only staff", async () => {
    for (const [body, field] of [
      [{ guestPin: "12a" }, "guestPin"],
      [{ adminPin: "1234" }, "adminPin"],
      [{ record: "yes" }, "record"],
    ] as const) {
      const res = await t.call("PUT", "/api/v1/conference-rooms/91", { token: op, body });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe(field);
    }
    expect((await t.call("GET", "/api/v1/conference-rooms/89", { token: op })).status).toBe(404);
    const own = (await t.login("100", "ext-pw-100")).token;
    expect((await t.call("GET", "/api/v1/conference-rooms", { token: own })).status).toBe(403);
    const billing = await t.tokenFor("billing");
    expect(
      (await t.call("PUT", "/api/v1/conference-rooms/91", { token: billing, body: { name: "x" } }))
        .status,
    ).toBe(403);
  });

  test("an empty room: no participant to mute or remove, nothing to record", async () => {
    const mute = await t.call("PUT", "/api/v1/conference-rooms/91/participants/x/mute", {
      token: op,
      body: { muted: true },
    });
    expect(mute.status).toBe(404);
    expect(
      (await t.call("DELETE", "/api/v1/conference-rooms/91/participants/x", { token: op })).status,
    ).toBe(404);
    const record = await t.call("PUT", "/api/v1/conference-rooms/91/recording", {
      token: op,
      body: { recording: true },
    });
    expect(record.status).toBe(409);
  });
});
