// Builds the updater for firmware/main.ts from the board definition (SPEC DEV-4): slots and
// U-Boot's environment where the board keeps them (relative paths are under the data
// directory), the slot this boot came from, and the vendor key compiled into the firmware.
import { isAbsolute, join } from "node:path";
import {
  BOOT_COUNT,
  BOOT_LIMIT,
  BOOT_SLOT,
  UPGRADE_AVAILABLE,
} from "../../board/boot-env/boot-env.ts";
import { UbootBootEnv } from "../../board/boot-env/uboot-boot-env.ts";
import { firmwareSlotAt } from "../../board/firmware-slot/firmware-slot.ts";
import type { FirmwareSlotsDefinition } from "../../bsp/board-definition.ts";
import { importPublicKey } from "../../flash/bundle/bundle-signature.ts";
import { VENDOR_PUBLIC_KEY } from "../../flash/bundle/vendor-key.ts";
import { Updater, type UpdaterOptions } from "./updater.ts";
import type { SlotName } from "./updater-state.ts";

export interface StartUpdaterOptions
  extends Pick<
    UpdaterOptions,
    "factoryVersion" | "clock" | "log" | "activeCalls" | "reboot" | "onFailure"
  > {
  readonly firmware: FirmwareSlotsDefinition;
  readonly compatible: readonly string[];
  readonly dataDir: string;
  /** /proc/cmdline, or undefined where there is none. */
  readonly kernelCommandLine: string | undefined;
}

/** The slot the bootloader booted: `pbx.slot=` on the kernel command line, else the env's choice. */
export function bootedSlotOf(
  commandLine: string | undefined,
  envSlot: string | undefined,
): SlotName {
  const given = /(?:^|\s)pbx\.slot=([ab])(?:\s|$)/.exec(commandLine ?? "")?.[1];
  return (given ?? envSlot) === "b" ? "b" : "a";
}

/**
 * The updater, and whether the booted slot is on trial; or why updates are unavailable (an
 * environment the box may not read): the box then serves without them.
 */
export function startUpdater(
  o: StartUpdaterOptions,
): { ok: true; updater: Updater; onTrial: boolean } | { ok: false; error: string } {
  try {
    return openUpdater(o);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function openUpdater(o: StartUpdaterOptions): { ok: true; updater: Updater; onTrial: boolean } {
  const at = (path: string) => (isAbsolute(path) ? path : join(o.dataDir, path));
  const env = new UbootBootEnv({
    path: at(o.firmware.bootEnv.path),
    offset: o.firmware.bootEnv.offset,
    sizeBytes: o.firmware.bootEnv.sizeBytes,
    defaults: {
      [BOOT_SLOT]: "a",
      [BOOT_LIMIT]: String(o.firmware.bootLimit),
      [BOOT_COUNT]: "0",
      [UPGRADE_AVAILABLE]: "0",
    },
  });
  const updater = new Updater({
    ...o,
    env,
    slots: {
      a: firmwareSlotAt(at(o.firmware.slots.a)),
      b: firmwareSlotAt(at(o.firmware.slots.b)),
    },
    stateFile: join(o.dataDir, "firmware", "updater.json"),
    stagingFile: join(o.dataDir, "firmware", "incoming.bundle"),
    bootedSlot: bootedSlotOf(o.kernelCommandLine, env.read()[BOOT_SLOT]),
    compatible: o.compatible,
    publicKey: importPublicKey(VENDOR_PUBLIC_KEY),
  });
  return { ok: true, updater, onTrial: updater.start() };
}
