import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let admin: string;
beforeEach(async () => {
  t = await startTestApi();
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
  t.services.extensions.bulkAdd({
    startNumber: "100",
    count: 4,
    settings: { sipPassword: "abcdef12" },
  });
  t.services.extensions.update("103", { sipPassword: "abc#def12" });
});
afterEach(() => t.close());

const post = (path: string, body: unknown, token = admin) =>
  t.call("POST", `/api/v1/extensions/${path}`, { token, body });

describe("/api/v1/extensions bulk edit and delete", () => {
  test("sets department, codecs, recording and dial permission on every listed extension", async () => {
    const sales = t.services.departments.create({ name: "Sales", number: "600" });
    if (!sales.ok) throw new Error("department");
    const res = await post("bulk-edit", {
      numbers: ["100", "102"],
      departmentId: sales.value.id,
      codecs: ["G722", "PCMA"],
      recording: "all",
      dialPermission: "internal",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ updated: ["100", "102"], refused: [] });
    for (const n of ["100", "102"]) {
      expect(t.services.extensions.get(n)).toMatchObject({
        departmentId: sales.value.id,
        codecs: ["G722", "PCMA"],
        recording: "all",
        dialPermission: "internal",
      });
    }
    expect(t.services.extensions.get("101")).toMatchObject({ recording: "none" });
  });

  test("an extension that cannot take the change is named with the reason; the others change", async () => {
    const res = await post("bulk-edit", { numbers: ["101", "103"], remoteExtension: true });
    const body = (await res.json()) as { updated: string[]; refused: { number: string }[] };
    expect(body.updated).toEqual(["103"]);
    expect(body.refused).toMatchObject([{ number: "101", field: "remoteExtension" }]);
    expect(t.services.extensions.get("101")?.remoteExtension).toBe(false);
  });

  test("a value no extension takes, unknown fields and bad lists are 400 naming the field", async () => {
    const pinBefore = t.services.extensions.get("100")?.voicemailPin;
    const cases: [unknown, string][] = [
      [{ numbers: ["100", "101"], voicemailPin: "12ab" }, "voicemailPin"],
      [{ numbers: ["100"], sipPassword: "Same-for-all1" }, "sipPassword"],
      [{ numbers: ["100"], outboundCallerId: "8520" }, "outboundCallerId"],
      [{ numbers: ["100"], recording: "sometimes" }, "recording"],
      [{ numbers: [], recording: "all" }, "numbers"],
      [{ numbers: ["999"], recording: "all" }, "numbers"],
      [{ numbers: ["100"] }, "numbers"],
    ];
    for (const [body, field] of cases) {
      const res = await post("bulk-edit", body);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe(field);
    }
    expect(t.services.extensions.get("100")?.voicemailPin).toBe(pinBefore!);
  });

  test("deletes every listed extension; an unknown one refuses the whole list", async () => {
    const bad = await post("bulk-delete", { numbers: ["100", "999"] });
    expect(bad.status).toBe(400);
    expect(t.services.extensions.get("100")).toBeDefined();
    const res = await post("bulk-delete", { numbers: ["100", "102"] });
    expect(await res.json()).toEqual({ deleted: ["100", "102"] });
    expect(t.services.extensions.list({}).items.map((e) => e.number)).toEqual(["101", "103"]);
  });

  test("roles: operators may, billing and extension users may not", async () => {
    const op = await t.tokenFor("operator");
    expect((await post("bulk-edit", { numbers: ["100"], recording: "all" }, op)).status).toBe(200);
    const billing = await t.tokenFor("billing");
    expect((await post("bulk-delete", { numbers: ["100"] }, billing)).status).toBe(403);
    t.services.extensions.update("101", { webLogin: true });
    const own = (await t.login("101", "abcdef12")).token;
    expect((await post("bulk-edit", { numbers: ["101"], recording: "all" }, own)).status).toBe(403);
    expect((await t.call("POST", "/api/v1/extensions/bulk-delete", {})).status).toBe(401);
  });
});
