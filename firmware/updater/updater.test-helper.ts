// Test support (never imported by production code): an updater on temporary slots with U-Boot's
// environment in a file, and bundles signed with the development key, for the API's tests.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UbootBootEnv } from "../../board/boot-env/uboot-boot-env.ts";
import { DirectorySlot } from "../../board/firmware-slot/directory-slot.ts";
import { buildBundle } from "../../flash/bundle/build-bundle.ts";
import { importPrivateKeyPem, importPublicKey } from "../../flash/bundle/bundle-signature.ts";
import { DEVELOPMENT_KEY } from "../../flash/bundle/development-key.ts";
import { VENDOR_PUBLIC_KEY } from "../../flash/bundle/vendor-key.ts";
import type { Clock } from "../lines/clock.ts";
import { Updater } from "./updater.ts";

/** An updater booted from slot A of a "pbx,sim" box, version 0.1.0, everything under `dir`. */
export function testUpdater(
  dir: string,
  o: { clock: Clock; activeCalls: () => number; reboot: () => void },
): Updater {
  const updater = new Updater({
    env: new UbootBootEnv({
      path: join(dir, "uboot.env"),
      offset: 0,
      sizeBytes: 4096,
      defaults: { boot_slot: "a", bootlimit: "3", bootcount: "0", upgrade_available: "0" },
    }),
    slots: { a: new DirectorySlot(join(dir, "slot-a")), b: new DirectorySlot(join(dir, "slot-b")) },
    stateFile: join(dir, "updater.json"),
    stagingFile: join(dir, "incoming.bundle"),
    bootedSlot: "a",
    factoryVersion: "0.1.0",
    compatible: ["pbx,sim"],
    publicKey: importPublicKey(VENDOR_PUBLIC_KEY),
    log: { info() {}, warn() {} },
    onFailure: () => {},
    ...o,
  });
  updater.start();
  return updater;
}

/** A bundle of one small binary, signed with the development key; returns its path. */
export async function testBundle(
  dir: string,
  version: string,
  compatible = "pbx,sim",
): Promise<string> {
  const payload = join(dir, "payload");
  writeFileSync(payload, "firmware\n");
  const out = join(dir, `${version}-${compatible}.bundle`);
  await buildBundle({
    version,
    compatible,
    privateKey: await importPrivateKeyPem(readFileSync(DEVELOPMENT_KEY, "utf8")),
    out,
    files: [{ name: "bin/pbx", role: "binary", path: payload }],
  });
  return out;
}
