// Watchdog port (Linux Documentation/watchdog/watchdog-api.rst): once started, the board resets
// unless kicked within the timeout; a deliberate stop disarms it (magic close).
import type { Result } from "../result.ts";

export interface Watchdog {
  start(timeoutS: number): Result<void>;
  kick(): void;
  stop(): void;
}
