import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { OpenDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { digestHa1 } from "./digest-ha1.ts";
import { ExtensionDirectory } from "./extension-directory.ts";
import { ExtensionService } from "./extension-service.ts";
import type { ExtensionChange } from "./extension-types.ts";

let open: OpenDatabase;
let service: ExtensionService;

beforeEach(() => {
  open = openTestDatabase();
  service = new ExtensionService(open.db, { realm: "pbx" });
});
afterEach(() => open.close());

describe("ExtensionDirectory", () => {
  test("loads existing extensions and follows creates, updates and deletes", () => {
    service.create({ number: "100", sipPassword: "pw-100a", maxRegistrations: 2 });
    const directory = new ExtensionDirectory(service);
    const heard: ExtensionChange[] = [];
    directory.onChange((c) => heard.push(c));

    expect(directory.lookup("100")).toEqual({
      number: "100",
      displayName: "",
      ha1Md5: digestHa1("100", "pbx", "pw-100a").md5,
      ha1Sha256: digestHa1("100", "pbx", "pw-100a").sha256,
      maxRegistrations: 2,
      registrationExpiryS: 120,
      remoteExtension: false,
      qualify: true,
      codecs: ["PCMU", "PCMA", "G722"],
      dtmfMode: "rfc4733",
      outboundCallerId: "",
      recording: "none",
    });
    expect(directory.lookup("101")).toBeUndefined();

    service.create({ number: "101" });
    expect(directory.lookup("101")?.number).toBe("101");

    service.update("100", { sipPassword: "pw-100b", registrationExpiryS: 300 });
    expect(directory.lookup("100")?.ha1Md5).toBe(digestHa1("100", "pbx", "pw-100b").md5);
    expect(directory.lookup("100")?.registrationExpiryS).toBe(300);

    service.delete("101");
    expect(directory.lookup("101")).toBeUndefined();
    expect(heard.map((c) => c.kind)).toEqual(["created", "updated", "deleted"]);
    expect(directory.realm).toBe("pbx");
  });

  test("serves 17,000 lookups without touching SQL, well inside one second", () => {
    const bulk = service.bulkAdd({ startNumber: "1000", count: 300 });
    expect(bulk.ok).toBe(true);
    const directory = new ExtensionDirectory(service);
    expect(directory.size).toBe(300);
    // Closing the database proves lookups never reach it.
    open.sqlite.close();
    const started = performance.now();
    let found = 0;
    for (let i = 0; i < 17_000; i++) {
      if (directory.lookup(String(1000 + (i % 400)))) found++;
    }
    const elapsedMs = performance.now() - started;
    expect(found).toBe(Math.floor(17_000 / 400) * 300 + Math.min(17_000 % 400, 300));
    expect(elapsedMs).toBeLessThan(100);
  });

  test("stops following after close", () => {
    const directory = new ExtensionDirectory(service);
    directory.close();
    service.create({ number: "100" });
    expect(directory.lookup("100")).toBeUndefined();
  });
});
