import { afterEach, describe, expect, test } from "bun:test";
import { SimI2cBus } from "../../board/i2c/sim-i2c.ts";
import { ManualClock as BoardClock } from "../../board/manual-clock.ts";
import { SimRtc } from "../../board/rtc/sim-rtc.ts";
import { Ds1307Model } from "../../board/sim/ds1307-model.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { type NtpServer, startNtpServer } from "../../test/support/ntp-server.ts";
import { silentLogger } from "../sip/logger.ts";
import { EARLIEST_PLAUSIBLE_MS, type SteppableClock, TimeService } from "./time-service.ts";

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 5, 8, 0, 0);

/**
 * The box's clock, which the service may step: at `startMs` and still, or the host's time
 * ("host", for talking to an NTP server); its timers fire when the test advances them.
 */
function boxClock(startMs: number | "host"): SteppableClock & { manual: ManualClock } {
  const manual = new ManualClock(startMs === "host" ? 0 : startMs);
  let stepped = 0;
  return {
    manual,
    now: () => (startMs === "host" ? Date.now() : manual.now()) + stepped,
    step: (d) => {
      stepped += d;
    },
    setTimer: (ms, fire) => manual.setTimer(ms, fire),
  };
}

/** A DS1307 on an I2C bus, read through the board's driver, showing `epochMs`. */
function rtcShowing(epochMs: number) {
  const bus = new SimI2cBus();
  bus.attach(0x68, new Ds1307Model(new BoardClock(0), epochMs));
  return new SimRtc(bus, 0x68);
}

let ntp: NtpServer[] = [];
afterEach(() => {
  for (const s of ntp) s.close();
  ntp = [];
});

describe("the box's time at start: the RTC", () => {
  test("a system clock that was never set takes the RTC's time", () => {
    const clock = boxClock(Date.UTC(1970, 0, 2));
    const time = new TimeService({
      clock,
      rtc: rtcShowing(NOW),
      servers: () => [],
      intervalS: () => 3600,
      log: silentLogger,
    });
    time.start();
    expect(time.status().source).toBe("rtc");
    expect(Math.abs(clock.now() - NOW)).toBeLessThan(1000);
  });

  test("an RTC that agrees changes nothing; one that lost its battery is set from the system", () => {
    const agreeing = boxClock(NOW + 500);
    new TimeService({
      clock: agreeing,
      rtc: rtcShowing(NOW),
      servers: () => [],
      intervalS: () => 3600,
      log: silentLogger,
    }).start();
    expect(agreeing.now()).toBe(NOW + 500);

    const rtc = rtcShowing(Date.UTC(2000, 0, 1));
    const clock = boxClock(NOW);
    const time = new TimeService({
      clock,
      rtc,
      servers: () => [],
      intervalS: () => 3600,
      log: silentLogger,
    });
    time.start();
    expect(time.status().source).toBe("system");
    expect(clock.now()).toBe(NOW);
    expect(rtc.readEpochMs()).toBe(NOW);
    expect(EARLIEST_PLAUSIBLE_MS).toBeLessThan(NOW);
  });
});

describe("NTP", () => {
  test("the first server that answers steps the clock and sets the RTC; a dead one is skipped", async () => {
    const dead = await startNtpServer(0, "silent");
    const good = await startNtpServer(2 * HOUR);
    ntp.push(dead, good);
    const clock = boxClock("host");
    const rtc = rtcShowing(Date.now());
    const time = new TimeService({
      clock,
      rtc,
      servers: () => [`127.0.0.1:${dead.port}`, "not a host", `127.0.0.1:${good.port}`],
      intervalS: () => 600,
      log: silentLogger,
      query: (server, now) => import("./sntp.ts").then((m) => m.queryNtp(server, now, 200)),
    });
    const status = await time.sync();
    expect(status.source).toBe("ntp");
    expect(status.server).toBe(`127.0.0.1:${good.port}`);
    expect(Math.abs((status.offsetMs ?? 0) - 2 * HOUR)).toBeLessThan(100);
    expect(Math.abs(clock.now() - (Date.now() + 2 * HOUR))).toBeLessThan(100);
    expect(Math.abs(rtc.readEpochMs() - (Date.now() + 2 * HOUR))).toBeLessThan(1500);
    expect(dead.requests).toBe(1);
    // The next round comes after the interval, not before.
    const before = good.requests;
    clock.manual.advance(599_000);
    expect(good.requests).toBe(before);
    clock.manual.advance(1_000);
    await Bun.sleep(300);
    expect(good.requests).toBe(before + 1);
    time.stop();
  });

  test("a small offset is left alone; no answer at all is said, and retried a minute later", async () => {
    const near = await startNtpServer(20);
    ntp.push(near);
    const clock = boxClock("host");
    const time = new TimeService({
      clock,
      servers: () => [`127.0.0.1:${near.port}`],
      intervalS: () => 3600,
      log: silentLogger,
    });
    const start = clock.now();
    expect((await time.sync()).source).toBe("ntp");
    // Stepped, the clock would be 20 ms ahead of the time that passed.
    expect(clock.now() - start).toBeLessThan(10);
    time.stop();

    const silent = await startNtpServer(0, "silent");
    ntp.push(silent);
    const lonelyClock = boxClock("host");
    const lonely = new TimeService({
      clock: lonelyClock,
      servers: () => [`127.0.0.1:${silent.port}`],
      intervalS: () => 3600,
      log: silentLogger,
      query: (server, now) => import("./sntp.ts").then((m) => m.queryNtp(server, now, 100)),
    });
    const status = await lonely.sync();
    expect(status.source).toBe("system");
    expect(status.lastError).toBe(`127.0.0.1:${silent.port}: no answer`);
    lonelyClock.manual.advance(59_000);
    expect(silent.requests).toBe(1);
    lonelyClock.manual.advance(1_000);
    await Bun.sleep(150);
    expect(silent.requests).toBe(2);
    lonely.stop();
  });
});
