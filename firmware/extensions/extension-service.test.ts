import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { OpenDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { boxNumberProviders } from "../numbering/box-numbering.ts";
import { NumberRegistry } from "../numbering/number-registry.ts";
import { digestHa1 } from "./digest-ha1.ts";
import { ExtensionService } from "./extension-service.ts";
import type { ExtensionChange } from "./extension-types.ts";

let open: OpenDatabase;
let service: ExtensionService;
let changes: ExtensionChange[];
const clock = { now: () => Date.UTC(2025, 0, 2, 3, 4, 5) };

beforeEach(() => {
  open = openTestDatabase();
  service = new ExtensionService(open.db, { realm: "pbx", clock });
  changes = [];
  service.onChange((c) => changes.push(c));
});
afterEach(() => open.close());

function created(result: ReturnType<ExtensionService["create"]>) {
  if (!result.ok) throw new Error(`${result.error.field}: ${result.error.message}`);
  return result.value;
}

describe("ExtensionService.create", () => {
  test("fills the manual's defaults and a generated password, PIN and quick code", () => {
    const ext = created(service.create({ number: "100", displayName: "Front desk" }));
    expect(ext).toMatchObject({
      number: "100",
      displayName: "Front desk",
      registrationExpiryS: 120,
      transport: "udp",
      dtmfMode: "rfc4733",
      maxRegistrations: 3,
      recording: "none",
      codecs: ["PCMU", "PCMA", "G722"],
      departmentId: null,
      webLogin: false,
    });
    expect(ext.sipPassword).toMatch(/^[A-Za-z0-9\-_$+!@#%.*]{12}$/);
    expect(ext.voicemailPin).toMatch(/^[0-9]{4}$/);
    expect(ext.quickCode).toMatch(/^[1-9][0-9]{2}$/);
    expect(ext.createdAt.getTime()).toBe(clock.now());
    expect(changes).toEqual([{ kind: "created", numbers: ["100"] }]);
  });

  test("stores HA1 of number:realm:password for MD5 and SHA-256", () => {
    created(service.create({ number: "101", sipPassword: "s3cret-1" }));
    const [auth] = service.authEntries(["101"]);
    expect(auth?.ha1Md5).toBe(digestHa1("101", "pbx", "s3cret-1").md5);
    expect(auth?.ha1Sha256).toBe(digestHa1("101", "pbx", "s3cret-1").sha256);
    expect(service.get("101")).not.toHaveProperty("ha1Md5");
  });

  test("refuses bad input naming the field", () => {
    const cases: [Parameters<ExtensionService["create"]>[0], string][] = [
      [{ number: "1" }, "number"],
      [{ number: "0100" }, "number"],
      [{ number: "123456789" }, "number"],
      [{ number: "12a" }, "number"],
      [{ number: "100", sipPassword: "abc def" }, "sipPassword"],
      [{ number: "100", email: "not-an-email" }, "email"],
      [{ number: "100", outboundCallerId: "12-34" }, "outboundCallerId"],
      [{ number: "100", registrationExpiryS: 5 }, "registrationExpiryS"],
      [{ number: "100", maxRegistrations: 0 }, "maxRegistrations"],
      [{ number: "100", codecs: [] }, "codecs"],
      [{ number: "100", codecs: ["PCMU", "PCMU"] }, "codecs"],
      [{ number: "100", codecs: ["AMR"] }, "codecs"],
      [{ number: "100", voicemailPin: "12" }, "voicemailPin"],
      [{ number: "100", language: "fr" }, "language"],
      [{ number: "100", departmentId: 7 }, "departmentId"],
    ];
    for (const [input, field] of cases) {
      const result = service.create(input);
      expect(result.ok ? "accepted" : result.error.field).toBe(field);
    }
    expect(service.list().total).toBe(0);
    expect(changes).toEqual([]);
  });

  test("refuses a taken number as taken", () => {
    created(service.create({ number: "100" }));
    const again = service.create({ number: "100" });
    expect(again.ok ? null : again.error).toMatchObject({ code: "taken", field: "number" });
  });

  test("refuses a remote extension unless the password mixes letters, digits and symbols", () => {
    const weak = service.create({ number: "102", sipPassword: "abc123", remoteExtension: true });
    expect(weak.ok ? null : weak.error.field).toBe("sipPassword");
    created(service.create({ number: "102", sipPassword: "abc123" }));
    const turnOn = service.update("102", { remoteExtension: true });
    expect(turnOn.ok ? null : turnOn.error.field).toBe("remoteExtension");
    expect(service.update("102", { remoteExtension: true, sipPassword: "abc-123" }).ok).toBe(true);
    const weaken = service.update("102", { sipPassword: "abcdef" });
    expect(weaken.ok ? null : weaken.error.field).toBe("sipPassword");
    // With a generated password the switch is always allowed.
    expect(service.create({ number: "103", remoteExtension: true }).ok).toBe(true);
  });

  test("gives each extension a different quick code", () => {
    const result = service.bulkAdd({ startNumber: "200", count: 60 });
    if (!result.ok) throw new Error(result.error.message);
    const codes = result.value.map((e) => e.quickCode);
    expect(new Set(codes).size).toBe(60);
  });
});

describe("ExtensionService.update and delete", () => {
  test("recomputes HA1 when the password changes, and tells listeners", () => {
    created(service.create({ number: "100", sipPassword: "first-1" }));
    const before = service.authEntries(["100"])[0]!.ha1Md5;
    const result = service.update("100", { sipPassword: "second-2", displayName: "Ann" });
    expect(result.ok).toBe(true);
    const after = service.authEntries(["100"])[0]!;
    expect(after.ha1Md5).not.toBe(before);
    expect(after.ha1Md5).toBe(digestHa1("100", "pbx", "second-2").md5);
    expect(after.displayName).toBe("Ann");
    expect(changes.at(-1)).toEqual({ kind: "updated", numbers: ["100"] });
  });

  test("answers not_found for an unknown number", () => {
    const result = service.update("999", { displayName: "x" });
    expect(result.ok ? null : result.error.code).toBe("not_found");
    expect(service.delete("999")).toBe(false);
  });

  test("deletes and reports the deletion", () => {
    created(service.create({ number: "100" }));
    expect(service.delete("100")).toBe(true);
    expect(service.get("100")).toBeUndefined();
    expect(changes.at(-1)).toEqual({ kind: "deleted", numbers: ["100"] });
  });

  test("moves all HA1 values to a new realm", () => {
    created(service.create({ number: "100", sipPassword: "pw-100a" }));
    service.setRealm("office.example");
    expect(service.authEntries(["100"])[0]!.ha1Md5).toBe(
      digestHa1("100", "office.example", "pw-100a").md5,
    );
  });
});

describe("ExtensionService.list", () => {
  test("orders numerically, pages, and searches number prefix, name and email", () => {
    for (const [number, displayName, email] of [
      ["1000", "Zed", ""],
      ["99", "Mia", "mia@example.com"],
      ["101", "Li Lei", ""],
      ["100", "Han Meimei", "han@example.com"],
    ]) {
      created(service.create({ number: number!, displayName: displayName!, email: email! }));
    }
    expect(service.list().items.map((e) => e.number)).toEqual(["99", "100", "101", "1000"]);
    const page = service.list({ offset: 1, limit: 2 });
    expect(page.items.map((e) => e.number)).toEqual(["100", "101"]);
    expect(page.total).toBe(4);
    expect(service.list({ search: "10" }).items.map((e) => e.number)).toEqual([
      "100",
      "101",
      "1000",
    ]);
    expect(service.list({ search: "lei" }).items.map((e) => e.number)).toEqual(["101"]);
    expect(service.list({ search: "example.com" }).total).toBe(2);
    expect(service.list({ search: "%" }).total).toBe(0);
  });
});

describe("ExtensionService.bulkAdd (EXT-3)", () => {
  test("adds 20 extensions with incrementing caller IDs and shared settings", () => {
    const result = service.bulkAdd({
      startNumber: "8001",
      count: 20,
      firstCallerId: "075586000001",
      callerIdMode: "increment",
      settings: { recording: "all", voicemailEnabled: true, codecs: ["PCMA", "PCMU"] },
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toHaveLength(20);
    expect(result.value[0]).toMatchObject({ number: "8001", outboundCallerId: "075586000001" });
    expect(result.value[19]).toMatchObject({ number: "8020", outboundCallerId: "075586000020" });
    for (const ext of result.value) {
      expect(ext).toMatchObject({
        recording: "all",
        voicemailEnabled: true,
        codecs: ["PCMA", "PCMU"],
      });
    }
    // Each gets its own generated password.
    expect(new Set(result.value.map((e) => e.sipPassword)).size).toBe(20);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.numbers).toHaveLength(20);
  });

  test("keeps one caller ID for all in 'same' mode", () => {
    const result = service.bulkAdd({
      startNumber: "300",
      count: 3,
      firstCallerId: "88886666",
      callerIdMode: "same",
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.map((e) => e.outboundCallerId)).toEqual([
      "88886666",
      "88886666",
      "88886666",
    ]);
  });

  test("refuses the whole range when one number is taken, naming it", () => {
    created(service.create({ number: "305" }));
    const result = service.bulkAdd({ startNumber: "300", count: 10 });
    expect(result.ok ? null : result.error).toMatchObject({
      code: "taken",
      field: "startNumber",
      message: "extension 305 already exists",
    });
    expect(service.list().total).toBe(1);
  });

  test("refuses bad counts, ranges and settings naming the field", () => {
    const field = (r: ReturnType<ExtensionService["bulkAdd"]>) => (r.ok ? null : r.error.field);
    expect(field(service.bulkAdd({ startNumber: "300", count: 0 }))).toBe("count");
    expect(field(service.bulkAdd({ startNumber: "300", count: 501 }))).toBe("count");
    expect(field(service.bulkAdd({ startNumber: "99999999", count: 2 }))).toBe("count");
    expect(field(service.bulkAdd({ startNumber: "x", count: 2 }))).toBe("startNumber");
    expect(field(service.bulkAdd({ startNumber: "300", count: 2, firstCallerId: "abc" }))).toBe(
      "firstCallerId",
    );
    const badSettings = service.bulkAdd({
      startNumber: "300",
      count: 2,
      settings: { transport: "sctp" as never },
    });
    expect(field(badSettings)).toBe("transport");
  });
});

describe("ExtensionService.verifyWebLogin", () => {
  test("accepts the extension password only when web login is on", () => {
    created(service.create({ number: "100", sipPassword: "pw-100a" }));
    expect(service.verifyWebLogin("100", "pw-100a")).toBeUndefined();
    service.update("100", { webLogin: true });
    expect(service.verifyWebLogin("100", "pw-100a")?.number).toBe("100");
    expect(service.verifyWebLogin("100", "pw-100b")).toBeUndefined();
    expect(service.verifyWebLogin("555", "pw-100a")).toBeUndefined();
  });
});

describe("ExtensionService with the numbering registry", () => {
  function numbered() {
    const registry = new NumberRegistry();
    const numberedService = new ExtensionService(open.db, {
      realm: "pbx",
      clock,
      numbering: registry,
    });
    registry.register(
      ...boxNumberProviders({
        extensions: numberedService,
        departments: { list: () => [] },
        analog: { list: () => [{ channel: 1, number: "8001", name: "FXS 1", alias: "" }] },
        featureCodes: { list: () => [] },
        outboundPrefixes: () => ["9"],
      }),
    );
    return numberedService;
  }

  test("refuses a number another part of the box answers, naming it", () => {
    const numberedService = numbered();
    for (const [number, message] of [
      ["8001", "8001 is FXS port 1"],
      ["95", "95 is conference room 95"],
      ["41", "41 is park slot 41"],
      ["9123", "9123 starts with the outbound prefix 9"],
    ]) {
      const result = numberedService.create({ number: number! });
      expect(result.ok ? null : result.error).toMatchObject({
        code: "taken",
        field: "number",
        message,
      });
    }
    expect(numberedService.list().total).toBe(0);
  });

  test("a bulk range over a held number adds none and names the first clash", () => {
    const numberedService = numbered();
    created(numberedService.create({ number: "7999" }));
    const result = numberedService.bulkAdd({ startNumber: "7990", count: 20 });
    expect(result.ok ? null : result.error).toMatchObject({
      code: "taken",
      field: "startNumber",
      message: "extension 7999 already exists",
      params: { holder: { kind: "extension", number: "7999" }, match: "exact" },
    });
    expect(numberedService.list().total).toBe(1);
    const overPort = numberedService.bulkAdd({ startNumber: "8000", count: 5 });
    expect(overPort.ok ? null : overPort.error).toMatchObject({ message: "8001 is FXS port 1" });
    expect(numberedService.list().total).toBe(1);
  });
});
