// The box's own RTCP toward one leg (RFC 3550 section 6.4 and 6.5): a sender report for the
// stream the box sends that phone (or a receiver report before it has sent anything), one
// report block about the phone's stream, and the SDES CNAME every compound packet carries
// (section 6.1). Sent about every 5 s with the randomisation of section 6.3.1.
import { buildRtcpCompound } from "../../media/rtp/rtcp-build.ts";
import { type RtcpPacket, SDES_CNAME } from "../../media/rtp/rtcp-packet.ts";
import type { EngineSide } from "./engine-side.ts";

/** RFC 3550 6.2: the minimum interval between reports of one participant. */
export const RTCP_INTERVAL_MS = 5000;
/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;

/** When the next report is due: the interval scaled by a random factor in [0.5, 1.5). */
export function nextReportMs(nowMs: number, random: () => number): number {
  return nowMs + RTCP_INTERVAL_MS * (0.5 + random());
}

/** The compound packet for `side` as of `nowMs` (wall-clock milliseconds). */
export function buildReport(side: EngineSide, cname: string, nowMs: number): Uint8Array {
  const out = side.out;
  const reports =
    side.receiveStats && side.receiveStats.received > 0
      ? [side.receiveStats.takeReportBlock(side.receiveSsrc, nowMs)]
      : [];
  const first: RtcpPacket =
    out.packetCount > 0
      ? {
          type: "sr",
          ssrc: out.ssrc,
          ntpSeconds: Math.floor(nowMs / 1000) + NTP_UNIX_OFFSET_S,
          ntpFraction: Math.floor(((nowMs % 1000) / 1000) * 2 ** 32),
          // The RTP time of this instant on the box's stream, extrapolated from the last packet.
          rtpTimestamp:
            (out.lastTimestamp +
              Math.round(((nowMs - (out.lastSentMs ?? nowMs)) * out.clockRateHz) / 1000)) >>>
            0,
          packetCount: out.packetCount,
          octetCount: out.octetCount,
          reports,
        }
      : { type: "rr", ssrc: out.ssrc, reports };
  return buildRtcpCompound([
    first,
    { type: "sdes", chunks: [{ ssrc: out.ssrc, items: [{ type: SDES_CNAME, text: cname }] }] },
  ]);
}
