// The analog ports' PCM highway as one device (SPEC DEV-2): opened once, then one PcmChannel per
// port, carrying 20 ms frames of 160 16-bit linear samples at 8 kHz each way. The simulated board
// joins each channel to its chip model; the real board reaches the SLIC/DAA TDM highway through
// ALSA, where each port is one channel of an interleaved multi-channel device.
import type { PcmChannel } from "./pcm-channel.ts";

export interface PcmPort {
  /** Starts frames flowing; rejects with the device's own words when it cannot be opened. */
  open(): Promise<void>;
  /**
   * The channel of one port: its time slot on the simulated highway, its channel number in the
   * ALSA device on the board (the bsp names both). Usable before open(); silent until then.
   */
  channel(index: number): PcmChannel;
  /** Stops the frames and releases the device; frames already handed over are written first. */
  close(): Promise<void>;
}
