// The relay's vocabulary, shared by the main thread and the relay workers: media directions
// (RFC 3264 section 5.1 / 6.1), codecs as SDP names them (RFC 4566 rtpmap), the commands
// a session sends to the engine that owns its sockets, and what the engine reports back.
// Everything here is plain data so it crosses postMessage unchanged.

/** A leg's media direction as the phone on that leg declared it in its SDP. */
export type Direction = "sendrecv" | "sendonly" | "recvonly" | "inactive";

export type SideName = "a" | "b";

/** Where a phone said (in SDP c= and m=) it wants media. */
export interface RemoteAddress {
  address: string;
  port: number;
  /** RTCP port (RFC 3605 a=rtcp); RTP port + 1 when absent. */
  rtcpPort?: number;
}

/** The codec a leg negotiated, as in its rtpmap, and its telephone-event PT (RFC 4733). */
export interface RelayCodec {
  payloadType: number;
  name: string;
  clockRateHz: number;
  telephoneEventPt?: number;
}

/** What one side has seen and sent. */
export interface SideStats {
  packetsIn: number;
  bytesIn: number;
  packetsOut: number;
  bytesOut: number;
  /** RTP packets lost on the way in from the phone (RFC 3550 A.3), over all its sources. */
  lost: number;
  /** Interarrival jitter of the phone's stream (RFC 3550 A.8). */
  jitterMs: number;
  /** Packets dropped because they came from an address other than the latched one. */
  ignoredPackets: number;
  /** Sends the network refused (the phone's port unreachable). */
  sendErrors: number;
  /** Where the phone's RTP really comes from (symmetric RTP), once known. */
  latched?: { address: string; port: number };
  /** The phone's own view of what the box sends it, from its RTCP reception reports. */
  remoteReport?: { fractionLost: number; cumulativeLost: number; jitterMs: number };
}

/** Why a command failed. */
export type RelayErrorCode = "port-in-use" | "no-session" | "bind-failed";

export type RelayReply =
  | { ok: true; stats?: SideStats }
  | { ok: false; error: RelayErrorCode; port?: number; message?: string };

export type RelayCommand =
  | {
      op: "create";
      session: number;
      /** RTP ports of sides a and b (RTCP on each + 1). */
      ports: [number, number];
      bind: string;
      timeoutMs: number;
      cname: string;
    }
  | { op: "remote"; session: number; side: SideName; remote: RemoteAddress }
  | { op: "codec"; session: number; side: SideName; codec: RelayCodec }
  | { op: "direction"; session: number; side: SideName; direction: Direction }
  | { op: "play"; session: number; side: SideName; playing: boolean }
  /** One 20 ms frame the box speaks to that side: 160 samples at 8 kHz or 320 at 16 kHz. */
  | { op: "frame"; session: number; side: SideName; pcm: Int16Array }
  /** Start (sampleRateHz 8000 or 16000) or stop (0) decoded frames of what that side sends. */
  | { op: "listen"; session: number; side: SideName; sampleRateHz: number }
  | { op: "stats"; session: number; side: SideName }
  | { op: "close"; session: number };

export type RelayEvent =
  /** The side received no RTP for its timeout while it should be sending. */
  | { type: "no-rtp"; session: number; side: SideName }
  /** A decoded frame of what the side's phone sends (listen tap). */
  | { type: "frame"; session: number; side: SideName; pcm: Int16Array; sampleRateHz: number }
  /** An RFC 4733 event began or ended on the side's stream. */
  | {
      type: "telephone-event";
      session: number;
      side: SideName;
      kind: "begin" | "end";
      event: number;
      durationMs?: number;
    };
