// The simulated board's highway: each time slot is a PcmSlot whose chip side the chip models
// (Si3215Model, Si3050Model) hold, so a frame the driver transmits reaches the model at once.
import { type PcmChannel, PcmSlot } from "./pcm-channel.ts";
import type { PcmPort } from "./pcm-port.ts";

export class SimPcmPort implements PcmPort {
  readonly #slots = new Map<number, PcmSlot>();

  /** Nothing to open: the simulated highway is wires between objects. */
  async open(): Promise<void> {}

  channel(slot: number): PcmChannel {
    return this.#slot(slot).host;
  }

  /** The chip side of a time slot, for the chip model soldered on it. */
  chip(slot: number): PcmChannel {
    return this.#slot(slot).chip;
  }

  async close(): Promise<void> {}

  #slot(slot: number): PcmSlot {
    let s = this.#slots.get(slot);
    if (!s) {
      s = new PcmSlot();
      this.#slots.set(slot, s);
    }
    return s;
  }
}
