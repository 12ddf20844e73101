// RTCP packet model (RFC 3550 section 6.4 SR/RR, 6.5 SDES, 6.6 BYE). Build and parse live in
// rtcp-build.ts and rtcp-parse.ts; both work on compound packets (6.1).

/** RTCP packet types (RFC 3550 section 12.1). */
export const RTCP_SR = 200;
export const RTCP_RR = 201;
export const RTCP_SDES = 202;
export const RTCP_BYE = 203;
export const RTCP_APP = 204;

/** SDES item types (RFC 3550 section 12.2). */
export const SDES_CNAME = 1;
export const SDES_NAME = 2;
export const SDES_TOOL = 6;

/** One reception report block (RFC 3550 6.4.1). */
export interface ReportBlock {
  ssrc: number;
  /** 0-255: fraction of packets lost since the previous report, times 256. */
  fractionLost: number;
  /** Signed 24-bit cumulative loss. */
  cumulativeLost: number;
  extendedHighestSeq: number;
  /** Interarrival jitter in timestamp units. */
  jitter: number;
  /** Middle 32 bits of the NTP timestamp of the last SR received (LSR), 0 if none. */
  lastSr: number;
  /** Delay since that SR in units of 1/65536 s (DLSR). */
  delaySinceLastSr: number;
}

export interface SenderReport {
  type: "sr";
  ssrc: number;
  /** NTP timestamp, seconds since 1900 and fraction of 2^32. */
  ntpSeconds: number;
  ntpFraction: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
  reports: ReportBlock[];
}

export interface ReceiverReport {
  type: "rr";
  ssrc: number;
  reports: ReportBlock[];
}

export interface SdesItem {
  type: number;
  text: string;
}

export interface SourceDescription {
  type: "sdes";
  chunks: { ssrc: number; items: SdesItem[] }[];
}

export interface Goodbye {
  type: "bye";
  ssrcs: number[];
  reason?: string;
}

/** Any other packet type (APP, XR, feedback), kept as its raw body after the header. */
export interface OtherRtcp {
  type: "other";
  packetType: number;
  /** The 5-bit count/subtype field. */
  count: number;
  body: Uint8Array;
}

export type RtcpPacket = SenderReport | ReceiverReport | SourceDescription | Goodbye | OtherRtcp;
