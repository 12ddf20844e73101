import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UbootBootEnv } from "../boot-env/uboot-boot-env.ts";
import { simBoot } from "./sim-bootloader.ts";

const dir = mkdtempSync(join(tmpdir(), "pbx-boot-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = () =>
  new UbootBootEnv({
    path: join(dir, `env-${Math.random()}`),
    offset: 0,
    sizeBytes: 4096,
    defaults: { boot_slot: "a", bootlimit: "3", bootcount: "0", upgrade_available: "0" },
  });

test("a slot not on trial boots every time without counting", () => {
  const e = env();
  for (let i = 0; i < 5; i++) expect(simBoot(e)).toEqual({ slot: "a", fellBack: false });
  expect(e.read().bootcount).toBe("0");
});

test("a slot on trial boots bootlimit times, then the other slot boots and the trial ends", () => {
  const e = env();
  e.write({ boot_slot: "b", upgrade_available: "1", bootcount: "0" });
  for (let i = 1; i <= 3; i++) {
    expect(simBoot(e)).toEqual({ slot: "b", fellBack: false });
    expect(e.read().bootcount).toBe(String(i));
  }
  expect(simBoot(e)).toEqual({ slot: "a", fellBack: true });
  expect(e.read()).toMatchObject({ boot_slot: "a", upgrade_available: "0", bootcount: "0" });
  expect(simBoot(e)).toEqual({ slot: "a", fellBack: false });
});
