// Messages between the main thread and the worker that owns the ALSA highway.

export interface AlsaHighwayConfig {
  /** ALSA PCM name, e.g. "hw:0,0" or a name defined in `config`. */
  readonly device: string;
  /** asoundrc-style file used instead of the system configuration (tests, board overrides). */
  readonly configFile?: string;
  /** Channels of the interleaved device: one per time slot carried. */
  readonly channels: number;
  /** Samples on the highway: 16-bit linear (default) or G.711 companded, one byte each. */
  readonly format?: PcmHighwayFormat;
}

export type PcmHighwayFormat = "s16" | "alaw" | "ulaw";

export type ToAlsaWorker =
  | { op: "open"; config: AlsaHighwayConfig }
  | { op: "frame"; channel: number; samples: Int16Array }
  | { op: "close" };

export type FromAlsaWorker =
  | { type: "opened" }
  | { type: "failed"; message: string }
  /** One period of capture, interleaved. */
  | { type: "captured"; samples: Int16Array }
  /** An underrun or overrun the worker recovered from. */
  | { type: "recovered"; stream: "playback" | "capture"; errno: number }
  | { type: "closed" };
