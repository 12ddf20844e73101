// RTC port (SPEC DEV-2): the battery-backed clock that keeps the date across power loss.

export interface Rtc {
  /** Milliseconds since the Unix epoch (whole seconds: RTC chips count seconds). */
  readEpochMs(): number;
  setEpochMs(epochMs: number): void;
}
