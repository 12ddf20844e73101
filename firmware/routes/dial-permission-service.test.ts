import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { OpenDatabase } from "../db/open-database.ts";
import { extensions } from "../db/schema/extensions.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { permits } from "./dial-permission.ts";
import { DialPermissionService } from "./dial-permission-service.ts";

let db: OpenDatabase;
let classes: DialPermissionService;
beforeEach(() => {
  db = openTestDatabase();
  classes = new DialPermissionService(db.db);
});
afterEach(() => db.close());

describe("DialPermissionService", () => {
  test("built-in classes, a custom class, and the class an extension names", () => {
    expect(classes.list().map((c) => c.name)).toEqual([
      "internal",
      "local",
      "national",
      "international",
    ]);
    const created = classes.create({
      name: "no-mobile",
      level: "national",
      deny: ["1[3-9]XXXXXXXXX"],
    });
    if (!created.ok) throw new Error(created.error.message);
    const cls = classes.classFor("no-mobile");
    expect(permits(cls, "13800138000").ok).toBe(false);
    expect(permits(cls, "01062345678").ok).toBe(true);
    expect(classes.classFor("deleted-long-ago").name).toBe("internal");
    expect(classes.create({ name: "local" }).ok).toBe(false);
    expect(classes.create({ name: "bad", allow: ["1Q"] }).ok).toBe(false);
  });

  test("a class in use by an extension cannot be deleted", () => {
    const created = classes.create({ name: "sales" });
    if (!created.ok) throw new Error("create");
    db.db
      .insert(extensions)
      .values({
        number: "101",
        sipPassword: "x",
        ha1Md5: "x",
        ha1Sha256: "x",
        dialPermission: "sales",
      } as never)
      .run();
    expect(classes.delete(created.value.id!)).toMatchObject({
      ok: false,
      error: { code: "in_use" },
    });
    db.db.delete(extensions).run();
    expect(classes.delete(created.value.id!).ok).toBe(true);
  });

  test("fuse limits: the extension's own, else the default, else none", () => {
    expect(classes.fuseLimits("101")).toEqual({
      maxConcurrent: 0,
      maxPerHour: 0,
      international: true,
    });
    classes.setFuse("*", { maxConcurrent: 2, maxPerHour: 20, international: false });
    classes.setFuse("101", { maxConcurrent: 5, maxPerHour: 0, international: true });
    expect(classes.fuseLimits("102")).toEqual({
      maxConcurrent: 2,
      maxPerHour: 20,
      international: false,
    });
    expect(classes.fuseLimits("101")).toEqual({
      maxConcurrent: 5,
      maxPerHour: 0,
      international: true,
    });
    expect(
      classes.setFuse("abc", { maxConcurrent: 1, maxPerHour: 1, international: true }).ok,
    ).toBe(false);
    expect(classes.setFuse("1", { maxConcurrent: -1, maxPerHour: 1, international: true }).ok).toBe(
      false,
    );
  });
});

describe("the emergency numbers", () => {
  test("China's list until the admin saves one; kept in the database; bad numbers refused naming the field", () => {
    expect(classes.emergencyNumbers()).toEqual(["110", "119", "120", "122", "112"]);
    expect(classes.setEmergencyNumbers(["110", "88110", "110"])).toEqual({
      ok: true,
      value: ["110", "88110"],
    });
    expect(new DialPermissionService(db.db).emergencyNumbers()).toEqual(["110", "88110"]);
    for (const bad of [["11a"], ["1"], ["1234567890123456"], Array(21).fill("110")]) {
      const refused = classes.setEmergencyNumbers(bad);
      expect(refused.ok ? undefined : refused.error.field).toBe("numbers");
    }
    expect(classes.emergencyNumbers()).toEqual(["110", "88110"]);
    expect(classes.setEmergencyNumbers([])).toEqual({ ok: true, value: [] });
    expect(classes.emergencyNumbers()).toEqual([]);
  });
});
