// RFC 8866 §5 (SDP fields), RFC 3264 §5.1 (direction attributes), RFC 3605 (a=rtcp),
// RFC 5118 §4.6-4.9 (IPv6 addresses in c= and o=): the parsed model of one session description.

/** Media direction attributes of RFC 8866 §6.7 / RFC 3264 §5.1. */
export type Direction = "sendrecv" | "sendonly" | "recvonly" | "inactive";

export const DIRECTIONS: readonly Direction[] = ["sendrecv", "sendonly", "recvonly", "inactive"];

export type AddressType = "IP4" | "IP6";

/** o= line, RFC 8866 §5.2. Ids and versions stay decimal strings: they exceed 2^53. */
export interface Origin {
  username: string;
  sessionId: string;
  sessionVersion: string;
  netType: string;
  addrType: string;
  address: string;
}

/** c= line, RFC 8866 §5.7; ttl and count only for multicast. */
export interface Connection {
  netType: string;
  addrType: string;
  address: string;
  ttl?: number;
  count?: number;
}

/** b= line, RFC 8866 §5.8. */
export interface Bandwidth {
  type: string;
  value: number;
}

/** t= line with its r= lines, RFC 8866 §5.9-5.10. */
export interface Timing {
  start: string;
  stop: string;
  repeats: string[];
}

/** a=rtpmap, RFC 8866 §6.6. */
export interface Rtpmap {
  payloadType: number;
  encodingName: string;
  clockRateHz: number;
  channels?: number;
}

/** a=fmtp, RFC 8866 §6.15; parameters stay a string: their syntax belongs to each codec. */
export interface Fmtp {
  format: string;
  parameters: string;
}

/** a=rtcp, RFC 3605 §2.1. */
export interface RtcpAttribute {
  port: number;
  netType?: string;
  addrType?: string;
  address?: string;
}

/** Any attribute this model has no field for, kept verbatim (RFC 8866 §5.13). */
export interface Attribute {
  name: string;
  value?: string;
}

/** One m= section with its lines, RFC 8866 §5.14. */
export interface MediaDescription {
  type: string;
  port: number;
  portCount?: number;
  proto: string;
  formats: string[];
  information?: string;
  connections: Connection[];
  bandwidths: Bandwidth[];
  key?: string;
  rtpmaps: Rtpmap[];
  fmtps: Fmtp[];
  direction?: Direction;
  ptimeMs?: number;
  maxptimeMs?: number;
  rtcp?: RtcpAttribute;
  attributes: Attribute[];
}

/** A whole session description, RFC 8866 §5. */
export interface SessionDescription {
  origin: Origin;
  sessionName: string;
  information?: string;
  uri?: string;
  emails: string[];
  phones: string[];
  connection?: Connection;
  bandwidths: Bandwidth[];
  timings: Timing[];
  timeZones?: string;
  key?: string;
  direction?: Direction;
  attributes: Attribute[];
  media: MediaDescription[];
}

/** An empty m= section, for builders. */
export function emptyMedia(type: string, port: number, proto: string): MediaDescription {
  return {
    type,
    port,
    proto,
    formats: [],
    connections: [],
    bandwidths: [],
    rtpmaps: [],
    fmtps: [],
    attributes: [],
  };
}
