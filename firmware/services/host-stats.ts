// SPEC STAT-1: CPU and memory use for the status page. CPU use is the share of non-idle time
// across all cores since the previous reading (the kernel's counters in /proc/stat, read by
// os.cpus()); the first reading covers the time since boot.
import { cpus, freemem, totalmem } from "node:os";

export interface HostStats {
  cpuPercent: number;
  memoryTotalBytes: number;
  memoryUsedBytes: number;
}

interface CpuTimes {
  busy: number;
  total: number;
}

/** Where the counters come from; the real host by default, a fixed source in tests. */
export interface HostCounters {
  cpuTimes(): { user: number; nice: number; sys: number; idle: number; irq: number }[];
  totalBytes(): number;
  freeBytes(): number;
}

const OS_COUNTERS: HostCounters = {
  cpuTimes: () => cpus().map((c) => c.times),
  totalBytes: totalmem,
  freeBytes: freemem,
};

/** Reads host load; each call measures CPU use since the previous one. */
export class HostStatsReader {
  #last: CpuTimes = { busy: 0, total: 0 };

  constructor(private readonly counters: HostCounters = OS_COUNTERS) {}

  read(): HostStats {
    const now = this.counters.cpuTimes().reduce<CpuTimes>(
      (sum, t) => {
        const total = t.user + t.nice + t.sys + t.idle + t.irq;
        return { busy: sum.busy + total - t.idle, total: sum.total + total };
      },
      { busy: 0, total: 0 },
    );
    const dTotal = now.total - this.#last.total;
    const cpuPercent =
      dTotal > 0 ? Math.round(((now.busy - this.#last.busy) / dTotal) * 1000) / 10 : 0;
    this.#last = now;
    const memoryTotalBytes = this.counters.totalBytes();
    return {
      cpuPercent,
      memoryTotalBytes,
      memoryUsedBytes: memoryTotalBytes - this.counters.freeBytes(),
    };
  }
}
