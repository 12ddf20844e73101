// PCMA: G.711 A-law, static payload type 8 (RFC 3551 section 4.5.14, table 4).
import { type CodecFactory, codecInfo } from "./codec.ts";
import { ALAW } from "./g711.ts";
import { G711Codec } from "./g711-codec.ts";

const INFO = codecInfo("PCMA", 8, 8000, 8000, 1);

/** PCMA factory; the codec is stateless, each create() is a cheap wrapper. */
export const pcma: CodecFactory = { ...INFO, create: () => new G711Codec(INFO, ALAW) };
