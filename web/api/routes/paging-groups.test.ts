import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let op: string;
beforeEach(async () => {
  t = await startTestApi();
  await t.login("admin", ADMIN_PASSWORD);
  op = await t.tokenFor("operator");
  for (const number of ["100", "101"])
    t.services.extensions.create({ number, sipPassword: `ext-pw-${number}`, webLogin: true });
});
afterEach(() => t.close());

const GROUP = { number: "600", name: "Warehouse", mode: "duplex", members: ["100", "101"] };

describe("/api/v1/paging-groups", () => {
  test("an operator creates, changes and deletes a group; an extension user may not", async () => {
    const created = await t.call("POST", "/api/v1/paging-groups", { token: op, body: GROUP });
    expect(created.status).toBe(201);
    const group = await created.json();
    expect(group).toMatchObject(GROUP);
    const changed = await t.call("PATCH", `/api/v1/paging-groups/${group.id}`, {
      token: op,
      body: { mode: "simplex", members: ["101"] },
    });
    expect(await changed.json()).toMatchObject({
      number: "600",
      mode: "simplex",
      members: ["101"],
    });
    const list = await (await t.call("GET", "/api/v1/paging-groups", { token: op })).json();
    expect(list.items).toHaveLength(1);
    const own = (await t.login("100", "ext-pw-100")).token;
    expect((await t.call("GET", "/api/v1/paging-groups", { token: own })).status).toBe(403);
    expect(
      (await t.call("POST", "/api/v1/paging-groups", { token: own, body: GROUP })).status,
    ).toBe(403);
    const gone = await t.call("DELETE", `/api/v1/paging-groups/${group.id}`, { token: op });
    expect(gone.status).toBe(204);
    expect((await t.call("GET", `/api/v1/paging-groups/${group.id}`, { token: op })).status).toBe(
      404,
    );
  });

  test("a bad field is refused with its name; a held number with its holder", async () => {
    const bad = async (change: Record<string, unknown>) => {
      const answer = await t.call("POST", "/api/v1/paging-groups", {
        token: op,
        body: { ...GROUP, ...change },
      });
      return { status: answer.status, error: (await answer.json()).error };
    };
    expect(await bad({ mode: "loud" })).toMatchObject({
      status: 400,
      error: { field: "mode", message: "mode must be simplex or duplex" },
    });
    expect(await bad({ members: ["8001"] })).toMatchObject({
      status: 400,
      error: { field: "members" },
    });
    expect(await bad({ name: "" })).toMatchObject({ status: 400, error: { field: "name" } });
    expect(await bad({ number: "101" })).toMatchObject({
      status: 409,
      error: { code: "taken", field: "number", params: { holder: { kind: "extension" } } },
    });
    expect(await bad({ colour: "red" })).toMatchObject({
      status: 400,
      error: { field: "colour" },
    });
  });
});
