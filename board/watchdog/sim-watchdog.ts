// Simulated watchdog on the Clock: if not kicked within the timeout it "resets the board", which
// the simulator records and reports to a listener.
import type { Clock } from "../clock.ts";
import { fail, ok, type Result } from "../result.ts";
import type { Watchdog } from "./watchdog.ts";

export class SimWatchdog implements Watchdog {
  private timer: unknown = null;
  private timeoutMs = 0;
  private readonly expiries: number[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly onExpire: (atMs: number) => void = () => {},
  ) {}

  start(timeoutS: number): Result<void> {
    if (!Number.isInteger(timeoutS) || timeoutS < 1 || timeoutS > 3600) {
      return fail("invalid-argument", "timeout must be 1..3600 s", "timeoutS");
    }
    this.timeoutMs = timeoutS * 1000;
    this.arm();
    return ok(undefined);
  }

  kick(): void {
    if (this.timer !== null) this.arm();
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Clock times at which the watchdog would have reset the board. */
  expiredAt(): readonly number[] {
    return this.expiries;
  }

  private arm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.expiries.push(this.clock.now());
      this.onExpire(this.clock.now());
    }, this.timeoutMs);
  }
}
