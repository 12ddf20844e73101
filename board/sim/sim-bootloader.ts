// What U-Boot does at power-on with the bootcount scheme (doc/README.bootcount) and the A/B
// script in boot-env/README.md, played by tests and the simulated board's "power cycle": while a
// slot is on trial (upgrade_available=1) each boot counts; past bootlimit, altbootcmd boots the
// other slot and ends the trial. Returns the slot it boots.
import {
  BOOT_COUNT,
  BOOT_LIMIT,
  BOOT_SLOT,
  type BootEnv,
  UPGRADE_AVAILABLE,
} from "../boot-env/boot-env.ts";

export type SlotName = "a" | "b";

export interface SimBoot {
  readonly slot: SlotName;
  /** altbootcmd ran: the slot on trial used up its boots and the other one was booted. */
  readonly fellBack: boolean;
}

export function simBoot(env: BootEnv): SimBoot {
  const vars = env.read();
  const slot: SlotName = vars[BOOT_SLOT] === "b" ? "b" : "a";
  if (vars[UPGRADE_AVAILABLE] !== "1") return { slot, fellBack: false };
  const count = Number(vars[BOOT_COUNT] ?? "0") + 1;
  const limit = Number(vars[BOOT_LIMIT] ?? "3");
  if (count > limit) {
    const other: SlotName = slot === "a" ? "b" : "a";
    env.write({ [BOOT_SLOT]: other, [UPGRADE_AVAILABLE]: "0", [BOOT_COUNT]: "0" });
    return { slot: other, fellBack: true };
  }
  env.write({ [BOOT_COUNT]: String(count) });
  return { slot, fellBack: false };
}
