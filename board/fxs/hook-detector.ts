// Hook state from raw loop-closure samples (SPEC DEV-2 "hook state, hook flash"). A change counts
// once it has held for debounceMs; an on-hook interval of flashMinMs..flashMaxMs followed by
// off-hook is a hook flash (register recall); on-hook longer than flashMaxMs is a hang-up, reported
// as soon as flashMaxMs has passed. Shorter breaks are line noise and are ignored.

export interface HookTiming {
  readonly debounceMs: number;
  readonly flashMinMs: number;
  readonly flashMaxMs: number;
}

export const DEFAULT_HOOK_TIMING: HookTiming = { debounceMs: 30, flashMinMs: 80, flashMaxMs: 600 };

export type HookDetectorEvent =
  | { readonly type: "hook-off"; readonly atMs: number }
  | { readonly type: "hook-on"; readonly atMs: number }
  | { readonly type: "flash"; readonly atMs: number; readonly durationMs: number };

export class HookDetector {
  private rawOffHook = false;
  private rawSinceMs = 0;
  private debouncedOffHook = false;
  private reportedOffHook = false;
  /** Start of an on-hook interval that may still turn out to be a flash. */
  private onHookSinceMs: number | null = null;

  constructor(private readonly timing: HookTiming = DEFAULT_HOOK_TIMING) {}

  /** The hook state last reported to listeners. */
  get offHook(): boolean {
    return this.reportedOffHook;
  }

  /** An on-hook interval that is not yet a hang-up nor a flash is running. */
  get pendingOnHook(): boolean {
    return this.onHookSinceMs !== null;
  }

  /** Feeds one raw sample; returns the events it completes. */
  sample(offHook: boolean, nowMs: number): HookDetectorEvent[] {
    const events: HookDetectorEvent[] = [];
    if (offHook !== this.rawOffHook) {
      this.rawOffHook = offHook;
      this.rawSinceMs = nowMs;
    }
    if (
      this.rawOffHook !== this.debouncedOffHook &&
      nowMs - this.rawSinceMs >= this.timing.debounceMs
    ) {
      this.debouncedOffHook = this.rawOffHook;
      this.onDebouncedEdge(this.rawSinceMs, events);
    }
    if (this.onHookSinceMs !== null && nowMs - this.onHookSinceMs > this.timing.flashMaxMs) {
      this.reportedOffHook = false;
      events.push({ type: "hook-on", atMs: this.onHookSinceMs + this.timing.flashMaxMs });
      this.onHookSinceMs = null;
    }
    return events;
  }

  private onDebouncedEdge(edgeMs: number, events: HookDetectorEvent[]): void {
    if (!this.debouncedOffHook) {
      if (this.reportedOffHook) this.onHookSinceMs = edgeMs;
      return;
    }
    if (this.onHookSinceMs !== null) {
      const durationMs = edgeMs - this.onHookSinceMs;
      this.onHookSinceMs = null;
      if (durationMs >= this.timing.flashMinMs)
        events.push({ type: "flash", atMs: edgeMs, durationMs });
      return;
    }
    if (!this.reportedOffHook) {
      this.reportedOffHook = true;
      events.push({ type: "hook-off", atMs: edgeMs });
    }
  }
}
