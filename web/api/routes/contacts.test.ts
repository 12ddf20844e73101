import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { readXlsx } from "../export/xlsx-reader.ts";
import { xlsxSheet } from "../export/xlsx-sheet.ts";
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

type Entry = { name: string; kind: string; id?: number; owner: string | null };
const names = async (token: string) => {
  const res = await t.call("GET", "/api/v1/contacts", { token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Entry[] }).items.map((e) => e.name).sort();
};

const upload = (token: string, bytes: Uint8Array) =>
  t.app.request(
    "http://pbx.lan/api/v1/contacts/import",
    {
      method: "POST",
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      },
      body: bytes as Uint8Array<ArrayBuffer>,
    },
    { requestIP: () => ({ address: "192.0.2.10" }) },
  );

describe("/api/v1/contacts", () => {
  test("operator contacts are shared; an extension's own are private to it and staff", async () => {
    const shared = await t.call("POST", "/api/v1/contacts", {
      token: op,
      body: { name: "Acme Ltd", office: "010-12345678", company: "Acme" },
    });
    expect(shared.status).toBe(201);
    expect(await shared.json()).toMatchObject({ name: "Acme Ltd", owner: null });

    const own = (await t.login("100", "ext-pw-100")).token;
    const other = (await t.login("101", "ext-pw-101")).token;
    const mine = await t.call("POST", "/api/v1/contacts", {
      token: own,
      body: { name: "Dr Wang", mobile: "13800001111" },
    });
    expect(mine.status).toBe(201);
    const { id } = (await mine.json()) as { id: number; owner: string };

    expect(await names(own)).toEqual(["100", "101", "Acme Ltd", "Dr Wang"]);
    expect(await names(other)).toEqual(["100", "101", "Acme Ltd"]);
    expect(await names(admin)).toEqual(["100", "101", "Acme Ltd", "Dr Wang"]);
    // The other extension can neither read nor change nor delete it.
    expect((await t.call("GET", `/api/v1/contacts/${id}`, { token: other })).status).toBe(404);
    expect((await t.call("DELETE", `/api/v1/contacts/${id}`, { token: other })).status).toBe(404);
    const sharedId = (
      (await t.call("GET", "/api/v1/contacts", { token: other }).then((r) => r.json())) as {
        items: Entry[];
      }
    ).items.find((e) => e.name === "Acme Ltd")!.id!;
    expect(
      (await t.call("PATCH", `/api/v1/contacts/${sharedId}`, { token: other, body: { name: "x" } }))
        .status,
    ).toBe(404);
    expect((await t.call("DELETE", `/api/v1/contacts/${id}`, { token: own })).status).toBe(204);
  });

  test("billing accounts and strangers are refused; bad fields are named", async () => {
    const billing = await t.tokenFor("billing");
    expect((await t.call("GET", "/api/v1/contacts", { token: billing })).status).toBe(403);
    expect((await t.call("GET", "/api/v1/contacts")).status).toBe(401);
    const bad = await t.call("POST", "/api/v1/contacts", {
      token: op,
      body: { name: "X", mobile: "call me" },
    });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe("mobile");
    const none = await t.call("POST", "/api/v1/contacts", { token: op, body: { name: "X" } });
    expect((await errorOf(none)).field).toBe("office");
  });

  test("template, import with a bad row (nothing added), then a clean import and export", async () => {
    const template = await t.call("GET", "/api/v1/contacts/template.xlsx", { token: op });
    const header = readXlsx(new Uint8Array(await template.arrayBuffer())).rows;
    expect(header).toHaveLength(1);

    const bad = await upload(
      op,
      xlsxSheet("phonebook", [header[0]!, ["Zhang San", "8001"], ["Li Si", "", "not-a-number!"]]),
    );
    expect(bad.status).toBe(400);
    const error = (await bad.json()) as {
      error: { code: string; params: { rows: { row: number; field: string }[] } };
    };
    expect(error.error).toMatchObject({ code: "invalid-rows" });
    expect(error.error.params.rows).toEqual([expect.objectContaining({ row: 3, field: "mobile" })]);
    expect(await names(op)).toEqual(["100", "101"]);

    const good = await upload(op, xlsxSheet("phonebook", [header[0]!, ["Zhang San", "8001"]]));
    expect(await good.json()).toEqual({ added: 1 });
    const exported = await t.call("GET", "/api/v1/contacts/export.xlsx", { token: op });
    expect(readXlsx(new Uint8Array(await exported.arrayBuffer())).rows[1]?.slice(0, 2)).toEqual([
      "Zhang San",
      "8001",
    ]);
    const junk = await upload(op, new TextEncoder().encode("name,office\nA,1"));
    expect(junk.status).toBe(400);
    expect((await errorOf(junk)).field).toBe("file");
  });
});
