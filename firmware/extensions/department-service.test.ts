import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { OpenDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { boxNumberProviders } from "../numbering/box-numbering.ts";
import { NumberRegistry } from "../numbering/number-registry.ts";
import { DepartmentService } from "./department-service.ts";
import { ExtensionService } from "./extension-service.ts";

let open: OpenDatabase;
let extensions: ExtensionService;
let departments: DepartmentService;

beforeEach(() => {
  open = openTestDatabase();
  extensions = new ExtensionService(open.db, { realm: "pbx" });
  departments = new DepartmentService(open.db);
  extensions.bulkAdd({ startNumber: "100", count: 6 });
});
afterEach(() => open.close());

function sales() {
  const result = departments.create({
    name: "Sales",
    number: "600",
    ringStrategy: "in-order",
    noAnswerDestination: "voicemail:100",
    members: ["101", "100"],
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe("DepartmentService (EXT-1)", () => {
  test("creates a ring group with members and shows it on the extensions", () => {
    const dept = sales();
    expect(dept).toMatchObject({
      name: "Sales",
      number: "600",
      ringStrategy: "in-order",
      noAnswerDestination: "voicemail:100",
      members: ["100", "101"],
    });
    expect(extensions.get("101")?.departmentId).toBe(dept.id);
    expect(departments.list().map((d) => d.name)).toEqual(["Sales"]);
  });

  test("an extension belongs to at most one department", () => {
    sales();
    const support = departments.create({ name: "Support", number: "601", members: ["101", "102"] });
    expect(support.ok ? null : support.error).toMatchObject({
      code: "taken",
      field: "members",
      message: "extension 101 already belongs to another department",
    });
  });

  test("replacing members ungroups the ones left out", () => {
    const dept = sales();
    const result = departments.update(dept.id, { members: ["102"] });
    expect(result.ok ? result.value.members : null).toEqual(["102"]);
    expect(extensions.get("100")?.departmentId).toBeNull();
  });

  test("deleting a department ungroups its members, who can then join another", () => {
    const dept = sales();
    expect(departments.delete(dept.id)).toBe(true);
    expect(extensions.get("100")?.departmentId).toBeNull();
    expect(extensions.get("101")?.departmentId).toBeNull();
    expect(departments.create({ name: "Support", number: "601", members: ["101"] }).ok).toBe(true);
    expect(departments.delete(dept.id)).toBe(false);
  });

  test("department and extension numbers never collide", () => {
    const clash = departments.create({ name: "Ops", number: "103" });
    expect(clash.ok ? null : clash.error).toMatchObject({ code: "taken", field: "number" });
    sales();
    const ext = extensions.create({ number: "600" });
    expect(ext.ok ? null : ext.error).toMatchObject({ code: "taken", field: "number" });
  });

  test("refuses bad input naming the field", () => {
    const field = (r: ReturnType<DepartmentService["create"]>) => (r.ok ? null : r.error.field);
    expect(field(departments.create({ number: "600" }))).toBe("name");
    expect(field(departments.create({ name: "A" }))).toBe("number");
    expect(field(departments.create({ name: "A", number: "6" }))).toBe("number");
    expect(
      field(departments.create({ name: "A", number: "600", ringStrategy: "x" as never })),
    ).toBe("ringStrategy");
    expect(
      field(departments.create({ name: "A", number: "600", noAnswerDestination: "nowhere" })),
    ).toBe("noAnswerDestination");
    expect(field(departments.create({ name: "A", number: "600", members: ["999"] }))).toBe(
      "members",
    );
    sales();
    expect(field(departments.create({ name: "Sales", number: "601" }))).toBe("name");
    expect(departments.update(42, { name: "B" }).ok).toBe(false);
  });

  test("an extension can be moved by setting its department", () => {
    const dept = sales();
    expect(extensions.update("105", { departmentId: dept.id }).ok).toBe(true);
    expect(departments.get(dept.id)?.members).toEqual(["100", "101", "105"]);
  });
});

describe("DepartmentService with the numbering registry", () => {
  function numbered() {
    const registry = new NumberRegistry();
    const numberedDepartments = new DepartmentService(open.db, undefined, registry);
    registry.register(
      ...boxNumberProviders({
        extensions,
        departments: numberedDepartments,
        analog: {
          list: () =>
            [1, 2, 3, 4].map((channel) => ({
              channel,
              number: String(8000 + channel),
              name: `FXS ${channel}`,
              alias: "",
            })),
        },
        featureCodes: { list: () => [] },
        outboundPrefixes: () => ["9"],
      }),
    );
    return numberedDepartments;
  }

  test("refuses a number held elsewhere, naming the holder, on create and on change", () => {
    const numberedDepartments = numbered();
    const port = numberedDepartments.create({ name: "Ops", number: "8003" });
    expect(port.ok ? null : port.error).toMatchObject({
      code: "taken",
      field: "number",
      message: "8003 is FXS port 3",
      params: { holder: { kind: "analog", number: "8003", name: "FXS 3" } },
    });
    const dept = numberedDepartments.create({ name: "Ops", number: "600" });
    if (!dept.ok) throw new Error(dept.error.message);
    // Its own number stays its own; another holder's does not.
    expect(numberedDepartments.update(dept.value.id, { number: "600", name: "Ops 2" }).ok).toBe(
      true,
    );
    const moved = numberedDepartments.update(dept.value.id, { number: "92" });
    expect(moved.ok ? null : moved.error.message).toBe("92 is conference room 92");
    const other = numberedDepartments.create({ name: "Support", number: "600" });
    expect(other.ok ? null : other.error.message).toBe("600 is department Ops 2");
    expect(numberedDepartments.get(dept.value.id)?.number).toBe("600");
  });
});
