import { describe, expect, test } from "bun:test";
import { SimI2cBus } from "../i2c/sim-i2c.ts";
import { RecordingSyscalls } from "../linux/recording-syscalls.test-helper.ts";
import { ManualClock } from "../manual-clock.ts";
import { Ds1307Model } from "../sim/ds1307-model.ts";
import { LinuxRtc } from "./linux-rtc.ts";
import { rtcContract } from "./rtc.contract.ts";
import { RTC_RD_TIME, RTC_SET_TIME } from "./rtc-abi.ts";
import { SimRtc } from "./sim-rtc.ts";

rtcContract("DS1307 over the simulated I2C bus", () => {
  const clock = new ManualClock();
  const bus = new SimI2cBus();
  bus.attach(0x68, new Ds1307Model(clock));
  return { rtc: new SimRtc(bus, 0x68), advance: (ms) => clock.advance(ms) };
});

const _IOC = (dir: number, type: number, nr: number, size: number): number =>
  ((dir << 30) | (size << 16) | (type << 8) | nr) >>> 0;

describe("LinuxRtc", () => {
  test("RTC_RD_TIME = _IOR('p', 0x09, struct rtc_time) and the nine ints decode to UTC", () => {
    expect(RTC_RD_TIME).toBe(_IOC(2, 0x70, 0x09, 9 * 4));
    expect(RTC_SET_TIME).toBe(_IOC(1, 0x70, 0x0a, 9 * 4));
    const sys = new RecordingSyscalls((call) => {
      const v = new DataView(call.arg.buffer, call.arg.byteOffset);
      [53, 26, 9, 14, 2, 125].forEach((f, i) => {
        v.setInt32(i * 4, f, true);
      });
      return 0;
    });
    expect(new LinuxRtc(sys, "/dev/rtc0").readEpochMs()).toBe(Date.UTC(2025, 2, 14, 9, 26, 53));
    expect(sys.opened[0]?.path).toBe("/dev/rtc0");
  });

  test("RTC_SET_TIME carries tm fields with month 0-11 and year since 1900", () => {
    const sys = new RecordingSyscalls();
    new LinuxRtc(sys, "/dev/rtc0").setEpochMs(Date.UTC(2025, 2, 14, 9, 26, 53));
    const v = new DataView(sys.ioctls[0]!.arg.buffer);
    expect([0, 1, 2, 3, 4, 5].map((i) => v.getInt32(i * 4, true))).toEqual([53, 26, 9, 14, 2, 125]);
  });
});
