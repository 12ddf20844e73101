import { describe, expect, test } from "bun:test";
import { boxNumberProviders } from "../numbering/box-numbering.ts";
import { NumberRegistry } from "../numbering/number-registry.ts";
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

  test("says which codes the box answers today: pickup, park, transfer, forwarding, DND, blacklist, monitoring, wake-up, information, voicemail, intercom and paging, queue agents, a call made a conference", () => {
    const codes = new FeatureCodeTable(memorySettings()).list();
    const available = codes.filter((c) => c.available).map((c) => c.code);
    expect(available).toEqual([
      "*60",
      "*61",
      "*8",
      "**",
      "*4",
      "#",
      "*2",
      "*76",
      "*75",
      "*075",
      "*90",
      "*91",
      "*92",
      "*62",
      "*062",
      "*95",
      "*095",
      "*0",
      "*55",
      "*55*",
      "*055",
      "*71",
      "*071",
      "*72",
      "*072",
      "*73",
      "*073",
      "*74",
      "*074",
      "**11",
      "**12",
      "**13",
      "*1",
      "*50",
      "*51",
    ]);
    expect(codes.find((c) => c.id === "voicemail-main")?.available).toBe(true);
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

describe("FeatureCodeTable with the numbering registry", () => {
  function numbered() {
    const registry = new NumberRegistry();
    const table = new FeatureCodeTable(memorySettings(), registry);
    registry.register(
      ...boxNumberProviders({
        extensions: { numbers: () => [{ number: "101", displayName: "Reception" }] },
        departments: { list: () => [] },
        analog: { list: () => [] },
        featureCodes: table,
        outboundPrefixes: () => ["9"],
      }),
    );
    return table;
  }

  test("refuses an extension's number as a code, naming the extension", () => {
    const table = numbered();
    expect(table.update("dnd-on", { code: "101" })).toMatchObject({
      ok: false,
      error: { code: "taken", field: "code", message: "extension 101 already exists" },
    });
    expect(table.list().find((c) => c.id === "dnd-on")?.code).toBe("*74");
  });

  test("a code with an argument may not swallow another one, nor sit inside one", () => {
    const table = numbered();
    expect(table.update("forward-always", { code: "*7" })).toMatchObject({
      ok: false,
      error: { code: "taken", message: "*7 is the start of feature code *72 (forward-busy)" },
    });
    expect(table.update("intercom", { code: "*715" })).toMatchObject({
      ok: false,
      error: { message: "*715 starts with feature code *71 (forward-always)" },
    });
    // Codes without an argument beside them stay free to change, and the factory table is
    // clean: every code can be set back to its own value.
    expect(table.update("dnd-on", { code: "*78" }).ok).toBe(true);
    for (const code of table.list())
      expect(table.update(code.id, { code: code.defaultCode }).ok).toBe(true);
  });

  test("turning a code back on is checked as well", () => {
    const table = numbered();
    expect(table.update("forward-always", { enabled: false }).ok).toBe(true);
    expect(table.update("intercom", { code: "*715" }).ok).toBe(true);
    expect(table.update("forward-always", { enabled: true })).toMatchObject({
      ok: false,
      error: { code: "taken", message: "*71 is the start of feature code *715 (intercom)" },
    });
    expect(table.list().find((c) => c.id === "forward-always")?.enabled).toBe(false);
  });
});
