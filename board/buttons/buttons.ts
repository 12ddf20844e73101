// Button port (SPEC DEV-2, DEV-7): front-panel buttons; the reset button's long press (6 s) is a
// factory reset, a short press is left to the firmware (e.g. show the IP address).

export interface ButtonEvent {
  readonly button: string;
  /** "long-press" fires while still held, as soon as the hold time is reached. */
  readonly type: "press" | "long-press";
  readonly heldMs: number;
  readonly atMs: number;
}

export interface Buttons {
  names(): readonly string[];
  isPressed(name: string): boolean;
  onEvent(listener: (event: ButtonEvent) => void): () => void;
  stop(): void;
}
