// FXS port (SPEC DEV-2, EXT-5): one analog extension line as the call engine sees it. Ringing with a
// cadence, hook state with flash, caller ID between rings, PCM audio in 20 ms frames. The SLIC
// driver (si3215-fxs.ts) implements it; it knows nothing about calls (STYLE 5).
import type { PortFault } from "../port-fault.ts";
import type { Result } from "../result.ts";

/**
 * Ring cadence: alternating on/off durations, repeated. China: 1 s on, 4 s off.
 * A distinctive double ring is e.g. [400, 200, 400, 2000].
 */
export interface RingCadence {
  readonly onOffMs: readonly number[];
}

export const CHINA_RING_CADENCE: RingCadence = { onOffMs: [1000, 4000] };

export type FxsFaultReason =
  | "chip-not-responding"
  | "calibration-failed"
  | "power-alarm"
  | "battery-fault";

export type FxsEvent =
  | { readonly type: "hook-off"; readonly atMs: number }
  | { readonly type: "hook-on"; readonly atMs: number }
  | { readonly type: "flash"; readonly atMs: number; readonly durationMs: number }
  | { readonly type: "ring-start"; readonly atMs: number }
  | {
      readonly type: "ring-stop";
      readonly atMs: number;
      readonly reason: "stopped" | "answered" | "fault";
    }
  | {
      readonly type: "fault";
      readonly atMs: number;
      readonly reason: FxsFaultReason;
      readonly detail: string;
    };

export type Linefeed =
  | "open"
  | "forward-active"
  | "forward-on-hook-transmission"
  | "tip-open"
  | "ringing"
  | "reverse-active"
  | "reverse-on-hook-transmission"
  | "ring-open";

export interface FxsState {
  readonly kind: "fxs";
  readonly index: number;
  readonly hook: "on" | "off";
  readonly ringing: boolean;
  readonly linefeed: Linefeed;
  readonly polarity: "normal" | "reversed";
  readonly fault: PortFault<FxsFaultReason> | null;
}

/** The loop as the SLIC measures it (SPEC DEV-2 diagnostics). */
export interface FxsLineFigures {
  readonly hook: "on" | "off";
  /** |tip - ring| now. */
  readonly lineVoltageV: number;
  readonly loopCurrentMa: number;
  /** Which way the SLIC feeds the loop, as its loop voltage sense reports it. */
  readonly polarity: "normal" | "reversed";
  /** Last measured with the handset on the hook / off the hook; null until measured. */
  readonly onHookVoltageV: number | null;
  readonly offHookVoltageV: number | null;
  readonly offHookLoopCurrentMa: number | null;
}

export interface RingOptions {
  readonly cadence?: RingCadence;
  /** Caller ID audio (FSK or DTMF frames made by media/) sent on-hook. */
  readonly callerId?: {
    readonly frames: readonly Int16Array[];
    /** Chinese/Bell FSK goes between the first and second ring; the DTMF variant before the first. */
    readonly timing: "after-first-ring" | "before-first-ring";
  };
}

export interface FxsPort {
  readonly kind: "fxs";
  readonly index: number;
  /** Power-up, calibration and line feed; a failure marks the port faulty. */
  start(): Promise<Result<void>>;
  stop(): void;
  state(): FxsState;
  onEvent(listener: (event: FxsEvent) => void): () => void;
  ring(options?: RingOptions): Result<void>;
  stopRing(): Result<void>;
  /** Sends caller ID (or other on-hook data) now, in on-hook transmission mode. */
  sendCallerIdAudio(frames: readonly Int16Array[]): Result<void>;
  setPolarity(polarity: "normal" | "reversed"): Result<void>;
  /** Reads the loop voltage and current from the chip now. */
  measure(): Result<FxsLineFigures>;
  /** One 20 ms frame (160 samples at 8 kHz) towards the phone. */
  writeAudio(frame: Int16Array): void;
  onAudio(listener: (frame: Int16Array) => void): () => void;
}
