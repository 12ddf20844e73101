import { afterEach, describe, expect, test } from "bun:test";
import { openTestDatabase } from "../db/test-database.ts";
import { DepartmentService } from "../extensions/department-service.ts";
import { AnalogExtensionService } from "./analog-extension-service.ts";

const opened: Array<{ close(): void }> = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
});

function setup() {
  const open = openTestDatabase();
  opened.push(open);
  return { open, service: new AnalogExtensionService(open.db) };
}

describe("AnalogExtensionService (SPEC EXT-5)", () => {
  test("FXS ports found at start get fixed numbers 8001.. that survive a restart", () => {
    const { open, service } = setup();
    service.ensurePorts([1, 2, 3, 4]);
    expect(service.list().map((a) => [a.channel, a.number, a.name])).toEqual([
      [1, "8001", "FXS 1"],
      [2, "8002", "FXS 2"],
      [3, "8003", "FXS 3"],
      [4, "8004", "FXS 4"],
    ]);
    service.update(2, { alias: "Front desk", rxGainDb: 3 });
    const again = new AnalogExtensionService(open.db);
    again.ensurePorts([1, 2]);
    expect(again.list()).toHaveLength(2);
    expect(again.get(2)).toMatchObject({ number: "8002", alias: "Front desk", rxGainDb: 3 });
    expect(again.byNumber("8001")?.channel).toBe(1);
  });

  test("edits are checked field by field; changes are announced", () => {
    const { open, service } = setup();
    service.ensurePorts([1]);
    const seen: number[] = [];
    service.onChange((v) => seen.push(v.txGainDb));
    expect(service.update(1, { txGainDb: 13 })).toMatchObject({
      ok: false,
      error: { code: "invalid", field: "txGainDb" },
    });
    expect(service.update(1, { recording: "sometimes" })).toMatchObject({
      ok: false,
      error: { field: "recording" },
    });
    expect(service.update(1, { departmentId: 42 })).toMatchObject({
      ok: false,
      error: { field: "departmentId" },
    });
    expect(service.update(9, { alias: "x" })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    const dept = new DepartmentService(open.db).create({ name: "Sales", number: "600" });
    if (!dept.ok) throw new Error(dept.error.message);
    const r = service.update(1, {
      departmentId: dept.value.id,
      txGainDb: -6,
      language: "zh",
      recording: "all",
      dialPermission: "local",
    });
    expect(r).toMatchObject({
      ok: true,
      value: { departmentId: dept.value.id, txGainDb: -6, language: "zh", recording: "all" },
    });
    expect(seen).toEqual([-6]);
  });
});
