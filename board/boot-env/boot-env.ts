// The bootloader environment (DESIGN "Platform services": switch atomically in the bootloader
// environment). U-Boot reads it at power-on to pick the slot to boot, counts boots of a slot on
// trial and falls back to the other slot when the count runs out; Linux changes it with
// fw_setenv. The firmware sees only this port.

/** Variables of U-Boot's bootcount scheme plus the slot choice (doc/README.bootcount). */
export const BOOT_SLOT = "boot_slot";
export const UPGRADE_AVAILABLE = "upgrade_available";
export const BOOT_COUNT = "bootcount";
export const BOOT_LIMIT = "bootlimit";

export interface BootEnv {
  /** Every variable, as `fw_printenv` lists them. */
  read(): Record<string, string>;
  /**
   * Sets (a string) or removes (null) several variables in one write, as `fw_setenv -s` does:
   * after a power cut either all of them changed or none did.
   */
  write(changes: Record<string, string | null>): void;
}

/** A variable name U-Boot accepts: no "=", no NUL, not empty. */
export function isEnvName(name: string): boolean {
  return name.length > 0 && !/[=\0\s]/.test(name);
}
