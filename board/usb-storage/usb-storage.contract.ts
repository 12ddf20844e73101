// One contract for every UsbStorage backend (STYLE 3).
import { describe, expect, test } from "bun:test";
import { statSync } from "node:fs";
import type { UsbStorage } from "./usb-storage.ts";

export interface UsbStorageHarness {
  readonly storage: UsbStorage;
  insert(): void;
  remove(): void;
}

export function usbStorageContract(backend: string, makeHarness: () => UsbStorageHarness): void {
  describe(`UsbStorage contract: ${backend}`, () => {
    test("nothing listed until a stick is inserted and mounted; gone after removal", () => {
      const h = makeHarness();
      expect(h.storage.list()).toEqual([]);
      h.insert();
      const [v] = h.storage.list();
      expect(statSync(v!.mountPoint).isDirectory()).toBe(true);
      expect(v!.sizeBytes).toBeGreaterThan(v!.freeBytes);
      expect(v!.freeBytes).toBeGreaterThan(0);
      h.remove();
      expect(h.storage.list()).toEqual([]);
    });

    test("ejecting a stick that is not mounted is refused, naming it", async () => {
      const h = makeHarness();
      const answer = await h.storage.eject("sdz9");
      expect(answer).toEqual({ ok: false, message: "no USB stick sdz9 is mounted" });
    });
  });
}
