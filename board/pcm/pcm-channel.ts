// PCM highway (Si3215/Si3050 datasheets, "PCM interface"): each chip owns one time slot. We model
// the highway simply as 20 ms frames of 160 16-bit linear samples at 8 kHz in and out of a slot.

export const PCM_SAMPLE_RATE_HZ = 8000;
export const PCM_FRAME_MS = 20;
export const PCM_FRAME_SAMPLES = (PCM_SAMPLE_RATE_HZ * PCM_FRAME_MS) / 1000;

/** One side of a PCM time slot. */
export interface PcmChannel {
  /** Sends one frame towards the other side. */
  transmit(frame: Int16Array): void;
  /** Frames arriving from the other side. Returns an unsubscribe function. */
  onReceive(listener: (frame: Int16Array) => void): () => void;
}

/** A time slot with a host side (driver) and a chip side (chip model or TDM hardware). */
export class PcmSlot {
  private readonly toHost = new Set<(frame: Int16Array) => void>();
  private readonly toChip = new Set<(frame: Int16Array) => void>();

  readonly host: PcmChannel = {
    transmit: (frame) => {
      for (const l of this.toChip) l(frame);
    },
    onReceive: (listener) => {
      this.toHost.add(listener);
      return () => this.toHost.delete(listener);
    },
  };

  readonly chip: PcmChannel = {
    transmit: (frame) => {
      for (const l of this.toHost) l(frame);
    },
    onReceive: (listener) => {
      this.toChip.add(listener);
      return () => this.toChip.delete(listener);
    },
  };
}

/** A silent slot for boards whose PCM bus has no backend yet. */
export const silentPcmChannel: PcmChannel = {
  transmit: () => {},
  onReceive: () => () => {},
};
