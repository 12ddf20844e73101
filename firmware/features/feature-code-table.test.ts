import { describe, expect, test } from "bun:test";
import { FeatureCodeTable } from "./feature-code-table.ts";

function memorySettings() {
  const values = new Map<string, unknown>();
  return {
    values,
    get: <T>(key: string, fallback: T): T =>
      values.has(key) ? (structuredClone(values.get(key)) as T) : fallback,
    set: (key: string, value: unknown) => void values.set(key, structuredClone(value)),
  };
}

describe("FeatureCodeTable", () => {
  test("starts from the manual's codes, every one distinct", () => {
    const codes = new FeatureCodeTable(memorySettings()).list();
    expect(codes.find((c) => c.id === "forward-busy")).toMatchObject({
      code: "*72",
      enabled: true,
    });
    expect(codes.find((c) => c.id === "wakeup-cancel-all")?.code).toBe("*055");
    expect(new Set(codes.map((c) => c.code)).size).toBe(codes.length);
  });

  test("says which codes the box answers today: the information codes, not yet voicemail", () => {
    const codes = new FeatureCodeTable(memorySettings()).list();
    const available = codes.filter((c) => c.available).map((c) => c.code);
    expect(available).toEqual(["**11", "**12", "**13"]);
    expect(codes.find((c) => c.id === "voicemail-main")?.available).toBe(false);
  });

  test("stores only the admin's changes, so a code set back to its default stores nothing", () => {
    const settings = memorySettings();
    const table = new FeatureCodeTable(settings);
    expect(table.update("dnd-on", { code: "*78" }).ok).toBe(true);
    expect(settings.values.get("features.codes")).toEqual({ "dnd-on": { code: "*78" } });
    expect(new FeatureCodeTable(settings).list().find((c) => c.id === "dnd-on")?.code).toBe("*78");
    table.update("dnd-on", { code: "*74" });
    expect(settings.values.get("features.codes")).toEqual({ "dnd-on": {} });
  });

  test("a turned-off code frees its digits for another feature", () => {
    const table = new FeatureCodeTable(memorySettings());
    const clash = table.update("dnd-on", { code: "*71" });
    expect(clash).toMatchObject({ ok: false, error: { code: "taken", field: "code" } });
    expect(table.update("forward-always", { enabled: false }).ok).toBe(true);
    expect(table.update("dnd-on", { code: "*71" }).ok).toBe(true);
  });

  test("refuses codes that do not start with * or #, and unknown features", () => {
    const table = new FeatureCodeTable(memorySettings());
    expect(table.update("dnd-on", { code: "74" })).toMatchObject({
      ok: false,
      error: { field: "code" },
    });
    expect(table.update("dnd-on", { code: "*12345678" })).toMatchObject({ ok: false });
    expect(table.update("teleport", {})).toMatchObject({ ok: false, error: { code: "not_found" } });
  });
});
