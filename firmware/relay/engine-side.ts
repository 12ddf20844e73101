// One leg of a relayed call inside the engine that owns its sockets: where to send (the SDP
// address until the phone's own packets show where it really is: symmetric RTP, RFC 4961
// section 3 and the "latching" of RFC 7362), what it negotiated (codec, telephone-event PT,
// direction per RFC 3264 section 5.1), the stream the box sends it (outgoing-stream.ts),
// what it sends (RFC 3550 A.1/A.8 receive statistics), and the taps that let the box hear
// and speak on the leg.
import type { udp } from "bun";
import type { Codec, CodecFactory } from "../../media/codec/codec.ts";
import { Resampler } from "../../media/codec/resampler.ts";
import { RtpReceiveStats } from "../../media/rtp/rtp-receive-stats.ts";
import { TelephoneEventReceiver } from "../../media/rtp/telephone-event-receiver.ts";
import type { OutgoingStream } from "./outgoing-stream.ts";
import type {
  Direction,
  RelayCodec,
  RemoteAddress,
  SideName,
  SideStats,
} from "./relay-protocol.ts";

export type RelaySocket = udp.Socket<"buffer">;

/** State of one leg; the session moves packets between two of these. */
export class EngineSide {
  readonly name: SideName;
  readonly localPort: number;
  rtp: RelaySocket | undefined;
  rtcp: RelaySocket | undefined;
  // Where packets go: the latched source once known, the SDP address before.
  destAddress = "";
  destPort = 0;
  destRtcpAddress = "";
  destRtcpPort = 0;
  // Symmetric RTP: 0 until the first packet after a (re-)negotiation.
  latchedAddress = "";
  latchedPort = 0;
  latchedRtcpAddress = "";
  latchedRtcpPort = 0;
  #sdpPort = 0;
  #sdpRtcpPort = 0;
  codec: RelayCodec | undefined;
  factory: CodecFactory | undefined;
  /** -1 when the leg did not negotiate telephone-event. */
  telephoneEventPt = -1;
  direction: Direction = "sendrecv";
  /** The phone sends media (its packets are forwarded). */
  sends = true;
  /** The phone takes media (packets are sent to it). */
  receives = true;
  /** The box speaks to this leg instead of forwarding the other leg's audio. */
  playing = false;
  readonly out: OutgoingStream;
  // What the phone sends.
  packetsIn = 0;
  bytesIn = 0;
  packetsOut = 0;
  bytesOut = 0;
  ignoredPackets = 0;
  sendErrors = 0;
  lastRtpMs: number;
  noRtpReported = false;
  receiveStats: RtpReceiveStats | undefined;
  receiveSsrc = -1;
  #lostBefore = 0;
  remoteReport: SideStats["remoteReport"];
  nextRtcpMs = 0;
  readonly events = new TelephoneEventReceiver();
  // Taps.
  listenRateHz = 0;
  #listenCodec: Codec | undefined;
  #listenResampler: Resampler | undefined;
  #playCodec: Codec | undefined;
  #playResampler: Resampler | undefined;
  readonly #encoded = new Uint8Array(1280);

  constructor(name: SideName, localPort: number, out: OutgoingStream, nowMs: number) {
    this.name = name;
    this.localPort = localPort;
    this.out = out;
    this.lastRtpMs = nowMs;
  }

  /** New SDP address: packets go there until the phone's own packets are seen again. */
  setRemote(remote: RemoteAddress): void {
    this.latchedAddress = "";
    this.latchedPort = 0;
    this.latchedRtcpAddress = "";
    this.latchedRtcpPort = 0;
    this.destAddress = remote.address;
    this.destPort = remote.port;
    this.#sdpPort = remote.port;
    this.#sdpRtcpPort = remote.rtcpPort ?? remote.port + 1;
    this.destRtcpAddress = remote.address;
    this.destRtcpPort = this.#sdpRtcpPort;
  }

  /** Whether a packet from this source belongs to the leg; latches onto the first one. */
  acceptRtp(port: number, address: string): boolean {
    if (this.latchedPort === port && this.latchedAddress === address) return true;
    if (this.latchedPort !== 0) {
      this.ignoredPackets++;
      return false;
    }
    this.latchedAddress = address;
    this.latchedPort = port;
    this.destAddress = address;
    this.destPort = port;
    // Until its RTCP is seen, a phone's RTCP is guessed next to where its RTP really comes
    // from, as its SDP placed them.
    if (this.latchedRtcpPort === 0) {
      this.destRtcpAddress = address;
      this.destRtcpPort = port + (this.#sdpRtcpPort - this.#sdpPort || 1);
    }
    return true;
  }

  acceptRtcp(port: number, address: string): boolean {
    if (this.latchedRtcpPort === port && this.latchedRtcpAddress === address) return true;
    if (this.latchedRtcpPort !== 0) return false;
    this.latchedRtcpAddress = address;
    this.latchedRtcpPort = port;
    this.destRtcpAddress = address;
    this.destRtcpPort = port;
    return true;
  }

  setCodec(codec: RelayCodec, factory: CodecFactory | undefined): void {
    this.codec = codec;
    this.factory = factory;
    this.telephoneEventPt = codec.telephoneEventPt ?? -1;
    this.out.clockRateHz = codec.clockRateHz;
    this.#listenCodec = undefined;
    this.#playCodec = undefined;
  }

  setDirection(direction: Direction, nowMs: number): void {
    // The no-RTP timeout only runs in sendrecv; it counts from the resume, not the hold.
    if (direction === "sendrecv" && this.direction !== "sendrecv") this.lastRtpMs = nowMs;
    this.direction = direction;
    this.sends = direction === "sendrecv" || direction === "sendonly";
    this.receives = direction === "sendrecv" || direction === "recvonly";
    this.noRtpReported = false;
  }

  /** Counts one accepted RTP packet; `ssrc`, `seq`, `ts` read from its header. */
  noteRtp(bytes: number, ssrc: number, seq: number, ts: number, nowMs: number): void {
    this.packetsIn++;
    this.bytesIn += bytes;
    this.lastRtpMs = nowMs;
    this.noRtpReported = false;
    let stats = this.receiveStats;
    if (stats === undefined || ssrc !== this.receiveSsrc) {
      if (stats) this.#lostBefore += Math.max(0, stats.cumulativeLost);
      stats = new RtpReceiveStats(this.codec?.clockRateHz ?? 8000);
      this.receiveStats = stats;
      this.receiveSsrc = ssrc;
    }
    stats.update(seq, ts, nowMs);
  }

  /** Decodes a payload of the leg's codec for the listen tap; undefined when it cannot. */
  decodeForListener(payload: Uint8Array): Int16Array | undefined {
    const factory = this.factory;
    if (!factory || this.listenRateHz === 0) return undefined;
    if (!this.#listenCodec) {
      this.#listenCodec = factory.create();
      this.#listenResampler =
        factory.sampleRateHz === this.listenRateHz
          ? undefined
          : new Resampler(factory.sampleRateHz as 8000 | 16000, this.listenRateHz as 8000 | 16000);
    }
    const pcm = this.#listenCodec.decode(payload);
    return this.#listenResampler ? this.#listenResampler.process(pcm) : pcm;
  }

  /** Encodes one of the box's own frames for this leg; a view valid until the next call. */
  encodeForPlay(pcm: Int16Array): Uint8Array | undefined {
    const factory = this.factory;
    if (!factory) return undefined;
    const inputRateHz = pcm.length === 320 ? 16000 : 8000;
    if (!this.#playCodec || (this.#playResampler?.inputRateHz ?? 0) !== inputRateHz) {
      this.#playCodec ??= factory.create();
      this.#playResampler =
        inputRateHz === factory.sampleRateHz
          ? undefined
          : new Resampler(inputRateHz, factory.sampleRateHz as 8000 | 16000);
    }
    const frame = this.#playResampler ? this.#playResampler.process(pcm) : pcm;
    const n = this.#playCodec.encodeInto(frame, this.#encoded);
    return this.#encoded.subarray(0, n);
  }

  stats(): SideStats {
    const r = this.receiveStats;
    const stats: SideStats = {
      packetsIn: this.packetsIn,
      bytesIn: this.bytesIn,
      packetsOut: this.packetsOut,
      bytesOut: this.bytesOut,
      lost: this.#lostBefore + Math.max(0, r?.cumulativeLost ?? 0),
      jitterMs: r?.jitterMs ?? 0,
      ignoredPackets: this.ignoredPackets,
      sendErrors: this.sendErrors,
    };
    if (this.latchedPort !== 0) {
      stats.latched = { address: this.latchedAddress, port: this.latchedPort };
    }
    if (this.remoteReport) stats.remoteReport = this.remoteReport;
    return stats;
  }

  close(): void {
    this.rtp?.close();
    this.rtcp?.close();
  }
}
