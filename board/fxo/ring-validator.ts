// Ring cadence validation for an FXO line (Si3050 datasheet "Ring Detection"; GB/T 15279 ring
// cadence 1 s on / 4 s off): a burst counts once ring signal has lasted minOnMs, short dropouts
// inside a burst are ignored, and no burst within maxGapMs means the caller has gone.

export interface RingValidation {
  readonly minOnMs: number;
  readonly offDebounceMs: number;
  readonly maxGapMs: number;
}

export const DEFAULT_RING_VALIDATION: RingValidation = {
  minOnMs: 150,
  offDebounceMs: 100,
  maxGapMs: 6000,
};

export type RingValidatorEvent =
  | { readonly type: "ring-start"; readonly atMs: number; readonly burst: number }
  | { readonly type: "ring-stop"; readonly atMs: number; readonly onMs: number }
  | { readonly type: "ringing-ended"; readonly atMs: number };

export class RingValidator {
  private raw = false;
  private rawSinceMs = 0;
  private burstStartMs: number | null = null;
  private lastStopMs: number | null = null;
  private bursts = 0;

  constructor(private readonly v: RingValidation = DEFAULT_RING_VALIDATION) {}

  get ringing(): boolean {
    return this.burstStartMs !== null;
  }

  sample(ringSignal: boolean, nowMs: number): RingValidatorEvent[] {
    const events: RingValidatorEvent[] = [];
    if (ringSignal !== this.raw) {
      this.raw = ringSignal;
      this.rawSinceMs = nowMs;
    }
    const heldMs = nowMs - this.rawSinceMs;
    if (this.raw && this.burstStartMs === null && heldMs >= this.v.minOnMs) {
      this.burstStartMs = this.rawSinceMs;
      this.bursts++;
      events.push({ type: "ring-start", atMs: this.rawSinceMs, burst: this.bursts });
    } else if (!this.raw && this.burstStartMs !== null && heldMs >= this.v.offDebounceMs) {
      events.push({
        type: "ring-stop",
        atMs: this.rawSinceMs,
        onMs: this.rawSinceMs - this.burstStartMs,
      });
      this.burstStartMs = null;
      this.lastStopMs = this.rawSinceMs;
    } else if (
      this.burstStartMs === null &&
      this.lastStopMs !== null &&
      nowMs - this.lastStopMs >= this.v.maxGapMs
    ) {
      events.push({ type: "ringing-ended", atMs: nowMs });
      this.lastStopMs = null;
      this.bursts = 0;
    }
    return events;
  }

  /** Answering ends the ringing session without waiting for the gap limit. */
  reset(): void {
    this.burstStartMs = null;
    this.lastStopMs = null;
    this.bursts = 0;
  }
}
