// Debounce and long-press timing for one push button (SPEC DEV-2: reset long press = factory reset).
// A level counts once it has held debounceMs; release before longPressMs is a press; reaching
// longPressMs while held is a long press at once, and its release reports nothing more.

export type DebouncedButtonEvent =
  | { readonly type: "press"; readonly heldMs: number; readonly atMs: number }
  | { readonly type: "long-press"; readonly heldMs: number; readonly atMs: number };

export class ButtonDebouncer {
  private raw = false;
  private rawSinceMs = 0;
  private pressed = false;
  private pressedAtMs = 0;
  private longReported = false;

  constructor(
    private readonly debounceMs: number,
    private readonly longPressMs: number,
  ) {}

  get isPressed(): boolean {
    return this.pressed;
  }

  sample(pressedRaw: boolean, nowMs: number): DebouncedButtonEvent[] {
    const events: DebouncedButtonEvent[] = [];
    if (pressedRaw !== this.raw) {
      this.raw = pressedRaw;
      this.rawSinceMs = nowMs;
    }
    if (this.raw !== this.pressed && nowMs - this.rawSinceMs >= this.debounceMs) {
      this.pressed = this.raw;
      if (this.pressed) {
        this.pressedAtMs = this.rawSinceMs;
        this.longReported = false;
      } else if (!this.longReported) {
        events.push({
          type: "press",
          heldMs: this.rawSinceMs - this.pressedAtMs,
          atMs: this.rawSinceMs,
        });
      }
    }
    if (this.pressed && !this.longReported && nowMs - this.pressedAtMs >= this.longPressMs) {
      this.longReported = true;
      events.push({ type: "long-press", heldMs: nowMs - this.pressedAtMs, atMs: nowMs });
    }
    return events;
  }
}
