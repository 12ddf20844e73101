import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { OpenDatabase } from "../../db/open-database.ts";
import { SettingsStore } from "../../db/settings-store.ts";
import { openTestDatabase } from "../../db/test-database.ts";
import { DepartmentService } from "../../extensions/department-service.ts";
import { ExtensionService } from "../../extensions/extension-service.ts";
import { FeatureCodeTable } from "../../features/feature-code-table.ts";
import { boxNumberProviders } from "../../numbering/box-numbering.ts";
import { NumberRegistry } from "../../numbering/number-registry.ts";
import { PagingGroupStore } from "./paging-group-store.ts";

let open: OpenDatabase;
let groups: PagingGroupStore;
let extensions: ExtensionService;
let numbering: NumberRegistry;

beforeEach(() => {
  open = openTestDatabase();
  numbering = new NumberRegistry();
  extensions = new ExtensionService(open.db, { realm: "pbx", numbering });
  const departments = new DepartmentService(open.db);
  const featureCodes = new FeatureCodeTable(new SettingsStore(open.db), numbering);
  numbering.register(
    ...boxNumberProviders({
      extensions,
      departments,
      analog: { list: () => [{ number: "8001", channel: 1, name: "", alias: "" }] },
      featureCodes,
      outboundPrefixes: () => ["9"],
    }),
  );
  groups = new PagingGroupStore(open.db, {
    isIpExtension: (n) => extensions.get(n) !== undefined,
    numbering,
  });
  numbering.register(groups.holders());
  extensions.bulkAdd({ startNumber: "100", count: 4 });
});
afterEach(() => open.close());

const warehouse = { number: "600", name: "Warehouse", mode: "simplex", members: ["101", "102"] };

describe("PagingGroupStore (CALL-6)", () => {
  test("creates, lists, changes and removes a group", () => {
    const created = groups.create(warehouse);
    const id = created.ok ? created.value.id : 0;
    expect(id).toBeGreaterThan(0);
    expect(created).toMatchObject({ ok: true, value: warehouse });
    expect(groups.byNumber("600")?.members).toEqual(["101", "102"]);
    expect(groups.update(id, { mode: "duplex", members: ["103", "103"] })).toMatchObject({
      ok: true,
      value: { number: "600", mode: "duplex", members: ["103"] },
    });
    expect(groups.get(id)).toMatchObject({ mode: "duplex", members: ["103"] });
    expect(groups.list()).toHaveLength(1);
    expect(groups.remove(id)).toBe(true);
    expect(groups.remove(id)).toBe(false);
    expect(groups.list()).toEqual([]);
  });

  test("each bad field is named", () => {
    const bad = (change: Record<string, unknown>) => {
      const result = groups.create({ ...warehouse, ...change });
      return result.ok ? undefined : result.error.field;
    };
    expect(bad({ number: "6" })).toBe("number");
    expect(bad({ number: "06a" })).toBe("number");
    expect(bad({ name: "" })).toBe("name");
    expect(bad({ name: "x".repeat(65) })).toBe("name");
    expect(bad({ mode: "loud" })).toBe("mode");
    expect(bad({ members: [] })).toBe("members");
    // An analog extension cannot auto-answer; an unknown number is no extension.
    expect(bad({ members: ["8001"] })).toBe("members");
    expect(bad({ members: ["555"] })).toBe("members");
  });

  test("the number may not be one the box already answers, and then holds it", () => {
    expect(groups.create({ ...warehouse, number: "101" })).toMatchObject({
      ok: false,
      error: { code: "taken", field: "number", params: { holder: { kind: "extension" } } },
    });
    expect(groups.create({ ...warehouse, number: "91" })).toMatchObject({
      ok: false,
      error: { code: "taken", field: "number" },
    });
    const made = groups.create(warehouse);
    expect(made.ok).toBe(true);
    expect(groups.create({ ...warehouse, name: "Other" })).toMatchObject({
      ok: false,
      error: { code: "taken", field: "number" },
    });
    // The group keeps its own number when edited.
    if (made.ok) expect(groups.update(made.value.id, { name: "Dock" }).ok).toBe(true);
    // An extension may no longer take the group's number.
    expect(numbering.firstClash(["600"], { kind: "extension" })?.holder.kind).toBe("paging-group");
  });

  test("a deleted extension leaves its groups", () => {
    groups.create(warehouse);
    groups.forget("101");
    expect(groups.byNumber("600")?.members).toEqual(["102"]);
  });
});
