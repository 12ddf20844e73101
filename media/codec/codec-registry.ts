// Lookup of codec factories by RTP encoding name and clock rate (as in an SDP rtpmap, RFC 4566
// section 6 / RFC 3551 section 6) or by payload type (static per RFC 3551 table 4, or this
// box's default for dynamic ones).
import type { CodecFactory } from "./codec.ts";
import { g722 } from "./g722.ts";
import { l16 } from "./l16.ts";
import { pcma } from "./pcma.ts";
import { pcmu } from "./pcmu.ts";

/** An immutable set of codec factories. */
export class CodecRegistry {
  readonly #factories: readonly CodecFactory[];

  constructor(factories: readonly CodecFactory[]) {
    this.#factories = [...factories];
  }

  /** All factories, in preference order. */
  list(): readonly CodecFactory[] {
    return this.#factories;
  }

  /** Finds by encoding name (case-insensitive, RFC 4855) and, if given, RTP clock rate. */
  byName(name: string, clockRateHz?: number): CodecFactory | undefined {
    const wanted = name.toUpperCase();
    return this.#factories.find(
      (f) =>
        f.name.toUpperCase() === wanted &&
        (clockRateHz === undefined || f.clockRateHz === clockRateHz),
    );
  }

  /** Finds by payload type (static, or the default of a dynamic one). */
  byPayloadType(payloadType: number): CodecFactory | undefined {
    return this.#factories.find((f) => f.payloadType === payloadType);
  }
}

/** The codecs the media engine supports, in the default preference order. */
export function defaultCodecRegistry(): CodecRegistry {
  return new CodecRegistry([pcmu, pcma, g722, l16(8000), l16(16000)]);
}
