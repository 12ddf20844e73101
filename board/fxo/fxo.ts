// FXO port (SPEC DEV-2, STAT-3): one analog trunk to the telephone exchange as the call engine
// sees it: validated ringing, seize/release, loop current and line voltage, polarity reversal,
// disconnect detection, and PCM frames (including on-hook caller ID audio between rings).
import type { PortFault } from "../port-fault.ts";
import type { Result } from "../result.ts";

export type FxoFaultReason = "chip-not-responding" | "line-side-lost" | "line-fault";

export type FxoEvent =
  | { readonly type: "ring-start"; readonly atMs: number; readonly burst: number }
  | { readonly type: "ring-stop"; readonly atMs: number; readonly onMs: number }
  /** No new ring burst within the gap limit: the caller gave up or another device answered. */
  | { readonly type: "ringing-ended"; readonly atMs: number }
  | {
      readonly type: "polarity-reversal";
      readonly atMs: number;
      readonly polarity: "normal" | "reversed";
    }
  | {
      readonly type: "disconnect";
      readonly atMs: number;
      readonly reason: "loop-current-drop" | "polarity-reversal";
    }
  | { readonly type: "line-status"; readonly atMs: number; readonly connected: boolean }
  | {
      readonly type: "fault";
      readonly atMs: number;
      readonly reason: FxoFaultReason;
      readonly detail: string;
    };

export interface FxoState {
  readonly kind: "fxo";
  readonly index: number;
  readonly hook: "on" | "off";
  readonly ringing: boolean;
  /** Battery voltage present on the line (a cable to the exchange is plugged in). */
  readonly lineConnected: boolean;
  readonly lineVoltageV: number;
  readonly loopCurrentMa: number;
  /** Loop current measured the last time the line was seized (settled); null until then. */
  readonly seizedLoopCurrentMa: number | null;
  readonly polarity: "normal" | "reversed";
  readonly fault: PortFault<FxoFaultReason> | null;
}

export interface FxoPort {
  readonly kind: "fxo";
  readonly index: number;
  start(): Promise<Result<void>>;
  stop(): void;
  state(): FxoState;
  onEvent(listener: (event: FxoEvent) => void): () => void;
  /** Goes off-hook (answers an incoming call or takes the line to dial out). */
  seize(): Result<void>;
  release(): Result<void>;
  readLoopCurrentMa(): Result<number>;
  readLineVoltageV(): Result<number>;
  /** One 20 ms frame (160 samples at 8 kHz) towards the exchange. */
  writeAudio(frame: Int16Array): void;
  onAudio(listener: (frame: Int16Array) => void): () => void;
}
