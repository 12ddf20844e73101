// Every analog port of the board as a line (SPEC EXT-5, STAT-3): one FxsLine per FXS port, one
// FxoLine per FXO port, their states for the status page and the event bus.
import type { FxoPort } from "../../board/fxo/fxo.ts";
import type { FxsPort } from "../../board/fxs/fxs.ts";
import type { CallTime } from "./caller-id-audio.ts";
import type { Clock } from "./clock.ts";
import type { DialPlan } from "./dial-plan.ts";
import { FxoLine, type FxoLineSettings } from "./fxo-line.ts";
import { FxsLine, type FxsLineSettings } from "./fxs-line.ts";
import type { LineFault, PortState } from "./port-state.ts";

/** One port as /api/v1/ports shows it. */
export interface PortView {
  /** "fxs1", "fxo3", ... */
  readonly port: string;
  readonly type: "fxs" | "fxo";
  readonly index: number;
  readonly state: PortState;
  readonly fault: LineFault | null;
  /** FXO: a cable to the exchange is plugged in. */
  readonly lineConnected?: boolean;
}

export interface PortStateChange {
  readonly port: string;
  readonly kind: "fxs" | "fxo";
  readonly index: number;
  readonly state: PortState;
  readonly fault: LineFault | null;
}

export interface AnalogLinesOptions {
  readonly fxs: readonly FxsPort[];
  readonly fxo: readonly FxoPort[];
  readonly clock: Clock;
  readonly dialPlan: DialPlan;
  readonly fxsSettings?: (index: number) => FxsLineSettings;
  readonly fxoSettings?: (index: number) => FxoLineSettings;
  readonly callTime?: () => CallTime;
  readonly onPortState?: (change: PortStateChange) => void;
  /** New voicemail waits for the extension on FXS `index` (stutter dial tone). */
  readonly fxsMessageWaiting?: (index: number) => boolean;
}

export class AnalogLines {
  readonly fxs: FxsLine[];
  readonly fxo: FxoLine[];

  constructor(o: AnalogLinesOptions) {
    this.fxs = o.fxs.map((port) => {
      const settings = o.fxsSettings;
      return new FxsLine({
        port,
        clock: o.clock,
        dialPlan: o.dialPlan,
        ...(settings ? { settings: () => settings(port.index) } : {}),
        ...(o.callTime ? { callTime: o.callTime } : {}),
        ...(o.fxsMessageWaiting
          ? { messageWaiting: () => o.fxsMessageWaiting?.(port.index) ?? false }
          : {}),
      });
    });
    this.fxo = o.fxo.map((port) => {
      const settings = o.fxoSettings;
      return new FxoLine({
        port,
        clock: o.clock,
        ...(settings ? { settings: () => settings(port.index) } : {}),
      });
    });
    for (const line of [...this.fxs, ...this.fxo]) {
      line.on((e) => {
        if (e.type !== "state") return;
        o.onPortState?.({
          port: `${line.kind}${line.index}`,
          kind: line.kind,
          index: line.index,
          state: e.state,
          fault: e.fault,
        });
      });
    }
  }

  /** The FXS line of port `index` (1-based). */
  fxsLine(index: number): FxsLine | undefined {
    return this.fxs.find((l) => l.index === index);
  }

  fxoLine(index: number): FxoLine | undefined {
    return this.fxo.find((l) => l.index === index);
  }

  /** Every port with its state, FXS first. */
  ports(): PortView[] {
    return [
      ...this.fxs.map((l) => ({
        port: `fxs${l.index}`,
        type: "fxs" as const,
        index: l.index,
        state: l.state(),
        fault: l.fault(),
      })),
      ...this.fxo.map((l) => ({
        port: `fxo${l.index}`,
        type: "fxo" as const,
        index: l.index,
        state: l.state(),
        fault: l.fault(),
        lineConnected: l.lineConnected(),
      })),
    ];
  }

  close(): void {
    for (const l of [...this.fxs, ...this.fxo]) l.close();
  }
}
