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
  await t.call("POST", "/api/v1/trunks", {
    token: admin,
    body: { name: "Branch", kind: "peer", host: "192.0.2.50" },
  });
});
afterEach(() => t.close());

describe("/api/v1/outbound-routes", () => {
  test("create, reorder, change and delete routes", async () => {
    const ids: number[] = [];
    for (const body of [
      { name: "local", prefix: "9", patterns: ["NXXXXXXX"], trunks: ["Lines"] },
      {
        name: "branch",
        prefix: "8",
        patterns: ["2XXX"],
        trunks: ["Branch", "Lines"],
        pins: ["4321"],
        callerId: "02155550000",
      },
    ]) {
      const res = await t.call("POST", "/api/v1/outbound-routes", { token: admin, body });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { id: number }).id);
    }
    const reordered = await t.call("PUT", "/api/v1/outbound-routes/order", {
      token: admin,
      body: { ids: [String(ids[1]), String(ids[0])] },
    });
    expect(
      ((await reordered.json()) as { items: { name: string }[] }).items.map((r) => r.name),
    ).toEqual(["branch", "local"]);
    const list = (await (
      await t.call("GET", "/api/v1/outbound-routes", { token: admin })
    ).json()) as { items: { name: string; trunks: string[] }[] };
    expect(list.items[0]).toMatchObject({
      name: "branch",
      trunks: ["Branch", "Lines"],
      pins: ["4321"],
    });
    const patched = await t.call("PATCH", `/api/v1/outbound-routes/${ids[0]}`, {
      token: admin,
      body: { strip: 1, prepend: "0" },
    });
    expect(await patched.json()).toMatchObject({ strip: 1, prepend: "0" });
    const incomplete = await t.call("PUT", "/api/v1/outbound-routes/order", {
      token: admin,
      body: { ids: [String(ids[0])] },
    });
    expect((await errorOf(incomplete)).field).toBe("ids");
    expect(
      (await t.call("DELETE", `/api/v1/outbound-routes/${ids[0]}`, { token: admin })).status,
    ).toBe(204);
  });

  test("bad patterns and unknown trunks are 400s naming the field; operators get 403", async () => {
    const bad = await t.call("POST", "/api/v1/outbound-routes", {
      token: admin,
      body: { name: "x", patterns: ["9Y"], trunks: ["Lines"] },
    });
    expect(await errorOf(bad)).toMatchObject({
      field: "patterns",
      message: 'patterns 9Y has "Y", which is not a digit nor X Z N [ ] . !',
    });
    const unknown = await t.call("POST", "/api/v1/outbound-routes", {
      token: admin,
      body: { name: "x", patterns: ["X."], trunks: ["Nope"] },
    });
    expect((await errorOf(unknown)).field).toBe("trunks");
    const op = await t.tokenFor("operator");
    expect((await t.call("GET", "/api/v1/outbound-routes", { token: op })).status).toBe(403);
  });
});
