// The signal processing the simulator's virtual phones and telco lines need (ITU-T Q.23 DTMF,
// GB/T 15279 / Bell 202 caller ID, China call-progress tones). Board may not import media/, so
// it declares what it needs here and the composition root fills it from media/.

/** What a handset hears, as the virtual front panel shows it. */
export type HeardSound =
  | "dial-tone"
  | "ringback"
  | "busy"
  | "congestion"
  | "silence"
  | "audio"
  /** Dial tone broken by short gaps: messages wait (SPEC CALL-7). */
  | "stutter-dial-tone";

export interface CallerIdInfo {
  readonly number: string;
  readonly name?: string;
}

export interface PhoneDsp {
  /**
   * How many 20 ms frames of what the handset heard classifyHeard gets (default 100). A whole
   * China ringback cadence (1 s on, 4 s off) needs about 300.
   */
  readonly heardWindowFrames?: number;
  /** 20 ms frames at 8 kHz of one DTMF digit (0-9, *, #, A-D) lasting durationMs. */
  dtmfFrames(digit: string, durationMs: number): Int16Array[];
  /** Classifies the last couple of seconds a handset heard. */
  classifyHeard(frames: readonly Int16Array[]): HeardSound;
  /** Decodes on-hook caller ID audio (FSK or DTMF variant); null when none is found. */
  decodeCallerId(frames: readonly Int16Array[]): CallerIdInfo | null;
  /** Caller ID audio a telephone exchange sends between rings. */
  callerIdFrames(info: CallerIdInfo): Int16Array[];
}
