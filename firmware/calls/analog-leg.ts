// An analog port as a call leg (DESIGN "each call has legs (SIP, FXS, FXO, application)"):
// what AnalogCall needs of an FXS handset or an FXO line, whichever end of the call it is.
// Events come back through the call's LegListener like those of a SIP leg.

import type { CallParty } from "./call.ts";
import type { Leg, LegListener } from "./leg.ts";

export type ProgressTone = "ringback" | "busy" | "congestion";

export interface AnalogLeg extends Leg {
  readonly kind: "fxs" | "fxo";
  /** The port, e.g. "fxs1". */
  readonly port: string;
  listen(listener: LegListener): void;
  /** As the called end: ring the phone (FXS) or seize and dial (FXO); false when it cannot. */
  alert(caller: CallParty): boolean;
  /** As the calling end: what the handset hears while the call is set up or failed. */
  progress(tone: ProgressTone): void;
  /** As the calling end: the other party answered, audio flows. */
  connect(): void;
  /** One 20 ms 8 kHz frame toward the analog party. */
  write(frame: Int16Array): void;
  /** 20 ms frames from the analog party; returns the stop. */
  onAudio(listener: (frame: Int16Array) => void): () => void;
}
