// /dev/watchdog (Documentation/watchdog/watchdog-api.rst): WDIOC_SETTIMEOUT, WDIOC_KEEPALIVE,
// and the magic 'V' before close to stop on purpose.

import { ioctlOrThrow, O_WRONLY, openDevice, type Syscalls } from "../linux/syscalls.ts";
import { fail, ok, type Result } from "../result.ts";
import type { Watchdog } from "./watchdog.ts";
import { WATCHDOG_MAGIC_CLOSE, WDIOC_KEEPALIVE, WDIOC_SETTIMEOUT } from "./watchdog-abi.ts";

export class LinuxWatchdog implements Watchdog {
  private fd: number | null = null;

  constructor(
    private readonly sys: Syscalls,
    private readonly device: string,
  ) {}

  start(timeoutS: number): Result<void> {
    if (!Number.isInteger(timeoutS) || timeoutS < 1 || timeoutS > 3600) {
      return fail("invalid-argument", "timeout must be 1..3600 s", "timeoutS");
    }
    try {
      this.fd ??= openDevice(this.sys, this.device, O_WRONLY);
      const arg = new Uint8Array(4);
      new DataView(arg.buffer).setInt32(0, timeoutS, true);
      ioctlOrThrow(this.sys, this.fd, WDIOC_SETTIMEOUT, arg, this.device);
    } catch (error) {
      return fail("io-error", error instanceof Error ? error.message : String(error));
    }
    return ok(undefined);
  }

  kick(): void {
    if (this.fd !== null)
      ioctlOrThrow(this.sys, this.fd, WDIOC_KEEPALIVE, new Uint8Array(4), this.device);
  }

  stop(): void {
    if (this.fd === null) return;
    this.sys.write(this.fd, Uint8Array.of(WATCHDOG_MAGIC_CLOSE));
    this.sys.close(this.fd);
    this.fd = null;
  }
}
