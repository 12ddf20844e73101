import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let op: string;
beforeEach(async () => {
  t = await startTestApi();
  await t.login("admin", ADMIN_PASSWORD);
  op = await t.tokenFor("operator");
  for (const number of ["201", "202", "203"])
    t.services.extensions.create({ number, sipPassword: `ext-pw-${number}`, webLogin: true });
});
afterEach(() => t.close());

const SALES = {
  number: "800",
  name: "Sales",
  strategy: "round-robin",
  staticAgents: ["201"],
  dynamicAgents: ["202"],
  ringTimeS: 15,
  maxWaitS: 60,
  destination: "voicemail:203",
};

describe("/api/v1/queues", () => {
  test("an operator creates, reads, changes and deletes a queue; live state beside it", async () => {
    const made = await t.call("POST", "/api/v1/queues", { token: op, body: SALES });
    expect(made.status).toBe(201);
    const queue = await made.json();
    expect(queue).toMatchObject({ ...SALES, mohClass: "default", announceEveryS: 30 });
    expect(queue.waiting).toEqual([]);
    expect(queue.agents).toEqual([
      { number: "201", kind: "static", state: "unregistered" },
      { number: "202", kind: "dynamic", state: "logged-out" },
    ]);
    const changed = await t.call("PUT", `/api/v1/queues/${queue.id}`, {
      token: op,
      body: { strategy: "fewest-calls", maxWaitS: 90 },
    });
    expect(await changed.json()).toMatchObject({ strategy: "fewest-calls", maxWaitS: 90 });
    const list = await (await t.call("GET", "/api/v1/queues", { token: op })).json();
    expect(list.items.map((q: { number: string }) => q.number)).toEqual(["800"]);
    expect((await t.call("DELETE", `/api/v1/queues/${queue.id}`, { token: op })).status).toBe(204);
    expect((await t.call("GET", `/api/v1/queues/${queue.id}`, { token: op })).status).toBe(404);
  });

  test("a bad field is refused with its name and why", async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ number: "8a" }, "number", "number must be 2-10 digits"],
      [{ strategy: "loudest" }, "strategy", "strategy must be one of"],
      [{ staticAgents: ["299"] }, "staticAgents", "staticAgents 299 is not an extension"],
      [
        { staticAgents: ["201"], dynamicAgents: ["201"] },
        "dynamicAgents",
        "dynamicAgents 201 is a static agent already",
      ],
      [{ ringTimeS: 2 }, "ringTimeS", "ringTimeS must be 5-300 seconds"],
      [{ maxWaitS: 0 }, "maxWaitS", "maxWaitS must be 10-7200 seconds"],
      [{ destination: "ivr:9" }, "destination", "destination has no IVR 9"],
      [{ mohClass: "jazz" }, "mohClass", "mohClass has no such music class"],
    ];
    for (const [change, field, message] of cases) {
      const res = await t.call("POST", "/api/v1/queues", {
        token: op,
        body: { ...SALES, ...change },
      });
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error.field).toBe(field);
      expect(error.message).toStartWith(message);
    }
  });

  test("a queue's number may not be an extension's nor another queue's", async () => {
    const clash = await t.call("POST", "/api/v1/queues", { token: op, body: { number: "201" } });
    expect(clash.status).toBe(409);
    expect(await errorOf(clash)).toMatchObject({ code: "taken", field: "number" });
    expect((await t.call("POST", "/api/v1/queues", { token: op, body: SALES })).status).toBe(201);
    const again = await t.call("POST", "/api/v1/queues", { token: op, body: { number: "800" } });
    expect(again.status).toBe(409);
    // The queue's number now holds: an extension may not take it.
    const ext = t.services.extensions.create({ number: "800", sipPassword: "ext-pw-800" });
    expect(ext.ok).toBe(false);
  });

  test("extension users may not read or change queues", async () => {
    const own = (await t.login("201", "ext-pw-201")).token;
    expect((await t.call("GET", "/api/v1/queues", { token: own })).status).toBe(403);
    expect((await t.call("POST", "/api/v1/queues", { token: own, body: SALES })).status).toBe(403);
  });
});
