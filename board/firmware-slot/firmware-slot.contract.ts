// One contract for every FirmwareSlot backend (STYLE 3): what the updater counts on.
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { FirmwareSlot } from "./firmware-slot.ts";

export interface FirmwareSlotHarness {
  readonly slot: FirmwareSlot;
  /** The slot's files as a reader finds them now (relative path -> text), lost+found aside. */
  contents(): Promise<Record<string, string>>;
}

async function writeFiles(slot: FirmwareSlot, files: Record<string, string>): Promise<void> {
  const dir = await slot.begin();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

export function firmwareSlotContract(
  backend: string,
  makeHarness: () => FirmwareSlotHarness | Promise<FirmwareSlotHarness>,
) {
  describe(`FirmwareSlot contract: ${backend}`, () => {
    test("what was written and committed is the slot's content", async () => {
      const h = await makeHarness();
      await writeFiles(h.slot, { "bin/pbx": "binary 1.0", "manifest.json": '{"version":"1.0.0"}' });
      await h.slot.commit();
      expect(await h.contents()).toEqual({
        "bin/pbx": "binary 1.0",
        "manifest.json": '{"version":"1.0.0"}',
      });
    });

    test("a second install replaces the first whole: no file of the older one stays", async () => {
      const h = await makeHarness();
      await writeFiles(h.slot, { "bin/pbx": "binary 1.0", "rootfs/etc/old.conf": "old" });
      await h.slot.commit();
      await writeFiles(h.slot, { "bin/pbx": "binary 2.0" });
      await h.slot.commit();
      expect(await h.contents()).toEqual({ "bin/pbx": "binary 2.0" });
    });

    test("an aborted write is never the slot's content", async () => {
      const h = await makeHarness();
      await writeFiles(h.slot, { "bin/pbx": "binary 1.0" });
      await h.slot.commit();
      await writeFiles(h.slot, { "bin/pbx": "half a binary" });
      await h.slot.abort();
      expect(Object.values(await h.contents())).not.toContain("half a binary");
    });
  });
}
