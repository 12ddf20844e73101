import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bootEnvContract } from "./boot-env.contract.ts";
import { decodeEnv, encodeEnv, UbootBootEnv } from "./uboot-boot-env.ts";

const dir = mkdtempSync(join(tmpdir(), "pbx-bootenv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const defaults = { boot_slot: "a", bootlimit: "3", bootcount: "0", upgrade_available: "0" };
let n = 0;

bootEnvContract("U-Boot environment in a plain file (simulated board)", () => {
  const path = join(dir, `env-${n++}`);
  const open = () => new UbootBootEnv({ path, offset: 0, sizeBytes: 0x2000, defaults });
  return { env: open(), reopen: open, defaults };
});

bootEnvContract("U-Boot environment at an offset inside a device image", () => {
  const path = join(dir, `disk-${n++}`);
  writeFileSync(path, new Uint8Array(0x10000).fill(0x5a));
  const open = () => new UbootBootEnv({ path, offset: 0x8000, sizeBytes: 0x2000, defaults });
  return { env: open(), reopen: open, defaults };
});

describe("U-Boot environment format", () => {
  test("stored as CRC-32 LE + name=value\\0 entries + an empty one, padded with 0xff", () => {
    const bytes = encodeEnv({ bootcount: "2", boot_slot: "b" }, 64);
    expect(bytes.length).toBe(64);
    const data = new TextDecoder().decode(bytes.subarray(4, 4 + 25));
    expect(data).toBe("boot_slot=b\0bootcount=2\0\0");
    expect(bytes[63]).toBe(0xff);
    expect(decodeEnv(bytes)).toEqual({ boot_slot: "b", bootcount: "2" });
  });

  test("a damaged environment reads as the defaults (U-Boot: bad CRC)", () => {
    const path = join(dir, "damaged");
    const env = new UbootBootEnv({ path, offset: 0, sizeBytes: 256, defaults });
    env.write({ boot_slot: "b" });
    const bytes = new Uint8Array(readFileSync(path));
    bytes[10]! ^= 0xff;
    writeFileSync(path, bytes);
    expect(env.read()).toEqual(defaults);
  });

  test("the bytes around the environment inside a device are left alone", () => {
    const path = join(dir, "around");
    writeFileSync(path, new Uint8Array(1024).fill(0x5a));
    new UbootBootEnv({ path, offset: 512, sizeBytes: 256, defaults }).write({ boot_slot: "b" });
    const bytes = new Uint8Array(readFileSync(path));
    expect(bytes.length).toBe(1024);
    expect(bytes.subarray(0, 512).every((b) => b === 0x5a)).toBe(true);
    expect(bytes.subarray(768).every((b) => b === 0x5a)).toBe(true);
  });
});
