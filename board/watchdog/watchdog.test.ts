import { describe, expect, test } from "bun:test";
import { RecordingSyscalls } from "../linux/recording-syscalls.test-helper.ts";
import { ManualClock } from "../manual-clock.ts";
import { LinuxWatchdog } from "./linux-watchdog.ts";
import { SimWatchdog } from "./sim-watchdog.ts";
import { watchdogContract } from "./watchdog.contract.ts";
import { WDIOC_KEEPALIVE, WDIOC_SETTIMEOUT } from "./watchdog-abi.ts";

watchdogContract("simulated watchdog", () => new SimWatchdog(new ManualClock()));
watchdogContract(
  "/dev/watchdog (recorded syscalls)",
  () => new LinuxWatchdog(new RecordingSyscalls(), "/dev/watchdog"),
);

const _IOC = (dir: number, type: number, nr: number, size: number): number =>
  ((dir << 30) | (size << 16) | (type << 8) | nr) >>> 0;

describe("watchdog", () => {
  test("the simulated watchdog resets the board only when not kicked in time", () => {
    const clock = new ManualClock();
    const w = new SimWatchdog(clock);
    w.start(30);
    for (let i = 0; i < 5; i++) {
      clock.advance(20_000);
      w.kick();
    }
    expect(w.expiredAt()).toEqual([]);
    clock.advance(30_000);
    expect(w.expiredAt()).toEqual([130_000]);
  });

  test("WDIOC_* numbers match watchdog.h and stop writes the magic 'V'", () => {
    expect(WDIOC_KEEPALIVE).toBe(_IOC(2, 0x57, 5, 4));
    expect(WDIOC_SETTIMEOUT).toBe(_IOC(3, 0x57, 6, 4));
    const sys = new RecordingSyscalls();
    const w = new LinuxWatchdog(sys, "/dev/watchdog");
    w.start(30);
    w.kick();
    w.stop();
    expect(sys.ioctls.map((c) => c.request)).toEqual([WDIOC_SETTIMEOUT, WDIOC_KEEPALIVE]);
    expect(Array.from(sys.ioctls[0]!.arg)).toEqual([30, 0, 0, 0]);
    expect(Array.from(sys.writes[0]!.data)).toEqual([0x56]);
  });
});
