// One contract for every Eeprom backend (STYLE 3).
import { describe, expect, test } from "bun:test";
import { decodeBoardInfo, encodeBoardInfo } from "./board-info.ts";
import type { Eeprom } from "./eeprom.ts";

export function eepromContract(backend: string, makeEeprom: () => Eeprom): void {
  describe(`Eeprom contract: ${backend}`, () => {
    test("data written across page boundaries reads back intact", () => {
      const e = makeEeprom();
      const data = Uint8Array.from({ length: 21 }, (_, i) => i * 7);
      e.write(5, data);
      expect(Array.from(e.read(5, 21))).toEqual(Array.from(data));
    });

    test("a board record survives a write/read round trip", () => {
      const e = makeEeprom();
      const info = {
        model: "PBX-A53 4S4O",
        serial: "PBX2406000123",
        mac: "02:50:42:00:01:23",
        hardwareRevision: 2,
        manufactureDate: "2024-06-18",
      };
      const bytes = encodeBoardInfo(info);
      if (!bytes.ok) throw new Error(bytes.error.message);
      e.write(0, bytes.value);
      expect(decodeBoardInfo(e.read(0, bytes.value.length))).toEqual({ ok: true, value: info });
    });

    test("reads past the end are refused", () => {
      const e = makeEeprom();
      expect(() => e.read(e.sizeBytes - 2, 4)).toThrow(RangeError);
    });
  });
}
