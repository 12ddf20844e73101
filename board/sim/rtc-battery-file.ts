// The simulated RTC's backup battery: a small file beside the box's data that remembers the
// time the chip was set to and the host time then, so a restarted simulator finds its RTC
// still counting, as a board finds its battery-backed chip after a power cut.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { RtcBattery } from "./ds1307-model.ts";

export function rtcBatteryFile(path: string): RtcBattery {
  return {
    load() {
      try {
        const kept = JSON.parse(readFileSync(path, "utf8")) as { epochMs: number; hostMs: number };
        if (!Number.isFinite(kept.epochMs) || !Number.isFinite(kept.hostMs)) return undefined;
        return kept.epochMs + Math.max(0, Date.now() - kept.hostMs);
      } catch {
        return undefined;
      }
    },
    save(epochMs) {
      // Whole or not at all: a half-written file would be a battery that lost the time.
      writeFileSync(`${path}.tmp`, JSON.stringify({ epochMs, hostMs: Date.now() }));
      renameSync(`${path}.tmp`, path);
    },
  };
}
