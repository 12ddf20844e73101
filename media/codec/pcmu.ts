// PCMU: G.711 mu-law, static payload type 0 (RFC 3551 section 4.5.14, table 4).
import { type CodecFactory, codecInfo } from "./codec.ts";
import { ULAW } from "./g711.ts";
import { G711Codec } from "./g711-codec.ts";

const INFO = codecInfo("PCMU", 0, 8000, 8000, 1);

/** PCMU factory; the codec is stateless, each create() is a cheap wrapper. */
export const pcmu: CodecFactory = { ...INFO, create: () => new G711Codec(INFO, ULAW) };
