import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../../test/support/temp-dir.ts";
import { SimI2cBus } from "../i2c/sim-i2c.ts";
import { At24Model } from "../sim/at24-model.ts";
import { crc32, decodeBoardInfo, encodeBoardInfo } from "./board-info.ts";
import { eepromContract } from "./eeprom.contract.ts";
import { LinuxEeprom } from "./linux-eeprom.ts";
import { SimEeprom } from "./sim-eeprom.ts";

eepromContract("at24 over the simulated I2C bus", () => {
  const bus = new SimI2cBus();
  bus.attach(0x50, new At24Model());
  return new SimEeprom(bus, 0x50, 256, 8);
});

eepromContract("at24 sysfs file (fixture)", () => {
  const path = join(tempDir("eeprom-"), "eeprom");
  writeFileSync(path, new Uint8Array(256).fill(0xff));
  return new LinuxEeprom(path, 256);
});

describe("board record", () => {
  test("CRC-32 is the IEEE/zlib one", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  test("a flipped bit is caught by the checksum; a blank EEPROM has no record", () => {
    const r = encodeBoardInfo({
      model: "X",
      serial: "1",
      mac: "02:00:00:00:00:01",
      hardwareRevision: 1,
      manufactureDate: "2024-01-02",
    });
    if (!r.ok) throw new Error(r.error.message);
    const bytes = r.value.slice();
    bytes[0x30]! ^= 0x01;
    expect(decodeBoardInfo(bytes)).toMatchObject({
      ok: false,
      error: { message: "board record checksum mismatch" },
    });
    expect(decodeBoardInfo(new Uint8Array(256).fill(0xff)).ok).toBe(false);
  });

  test("a malformed MAC is refused with the field named", () => {
    const r = encodeBoardInfo({
      model: "X",
      serial: "1",
      mac: "02:00:00",
      hardwareRevision: 1,
      manufactureDate: "2024-01-02",
    });
    expect(r.ok ? null : r.error.field).toBe("mac");
  });
});
