import { describe, expect, test } from "bun:test";
import { HostStatsReader } from "./host-stats.ts";

describe("HostStatsReader", () => {
  test("CPU use is the busy share of the time between two readings, across cores", () => {
    const times = [
      { user: 100, nice: 0, sys: 100, idle: 800, irq: 0 },
      { user: 0, nice: 0, sys: 0, idle: 1000, irq: 0 },
    ];
    const reader = new HostStatsReader({
      cpuTimes: () => times.map((t) => ({ ...t })),
      totalBytes: () => 1000,
      freeBytes: () => 250,
    });
    expect(reader.read()).toEqual({ cpuPercent: 10, memoryTotalBytes: 1000, memoryUsedBytes: 750 });
    // Core 0 busy 300 of 400 ms, core 1 idle 400 ms: 300 of 800 = 37.5 %.
    times[0] = { user: 300, nice: 0, sys: 200, idle: 900, irq: 0 };
    times[1] = { user: 0, nice: 0, sys: 0, idle: 1400, irq: 0 };
    expect(reader.read().cpuPercent).toBe(37.5);
    expect(reader.read().cpuPercent).toBe(0);
  });
});
