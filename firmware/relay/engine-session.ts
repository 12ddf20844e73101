// The packet path of one relayed call (DESIGN.md "Signalling and calls"): RTP from one leg
// goes to the other unchanged but for its header, rewritten so each phone sees one stream
// from the box (RFC 3550 section 7.2: the box is a translator that renumbers). Equal codecs
// are forwarded without decoding; different ones are transcoded (RFC 3550 7.1). RFC 4733
// events keep their payload and get the other leg's telephone-event PT (RFC 4733 2.1).
// RTCP ends here: each leg gets the box's own reports (rtcp-report.ts), since the phones'
// reports describe sequence numbers and SSRCs the other phone never saw.
import type { Transcoder } from "../../media/codec/transcoder.ts";
import { parseRtcpCompound } from "../../media/rtp/rtcp-parse.ts";
import type { EngineSide, RelaySocket } from "./engine-side.ts";
import type { RelayEvent } from "./relay-protocol.ts";

/** How packets cross from one leg to the other. */
export interface PacketPath {
  /** Different codecs on the two legs, and the box can convert between them. */
  transcoder: Transcoder | undefined;
  /** Different codecs the box cannot convert: audio is dropped (events still pass). */
  blocked: boolean;
  /** Receiving leg's RTP clock rate over the sending leg's. */
  tsRatio: number;
}

const HEADER_BYTES = 12;

/** Two legs and the forwarding between them; runs on the thread that owns their sockets. */
export class EngineSession {
  readonly id: number;
  readonly a: EngineSide;
  readonly b: EngineSide;
  readonly timeoutMs: number;
  readonly cname: string;
  readonly ab: PacketPath = { transcoder: undefined, blocked: false, tsRatio: 1 };
  readonly ba: PacketPath = { transcoder: undefined, blocked: false, tsRatio: 1 };
  readonly #now: () => number;
  readonly #emit: (event: RelayEvent, transfer?: ArrayBuffer[]) => void;
  readonly #scratch = new Uint8Array(2048);

  constructor(
    id: number,
    sides: { a: EngineSide; b: EngineSide },
    options: { timeoutMs: number; cname: string },
    now: () => number,
    emit: (event: RelayEvent, transfer?: ArrayBuffer[]) => void,
  ) {
    this.id = id;
    this.a = sides.a;
    this.b = sides.b;
    this.timeoutMs = options.timeoutMs;
    this.cname = options.cname;
    this.#now = now;
    this.#emit = emit;
  }

  /** Socket handlers for one leg's RTP and RTCP ports. */
  handlers(side: EngineSide): {
    rtp: (socket: RelaySocket, data: Buffer, port: number, address: string) => void;
    rtcp: (socket: RelaySocket, data: Buffer, port: number, address: string) => void;
  } {
    const other = side === this.a ? this.b : this.a;
    const path = side === this.a ? this.ab : this.ba;
    return {
      rtp: (_socket, data, port, address) => this.#onRtp(side, other, path, data, port, address),
      rtcp: (_socket, data, port, address) => this.#onRtcp(side, data, port, address),
    };
  }

  // The hot path: a handful of byte reads and writes and one send per packet.
  #onRtp(
    from: EngineSide,
    to: EngineSide,
    path: PacketPath,
    buf: Uint8Array,
    port: number,
    address: string,
  ): void {
    const length = buf.length;
    if (length < HEADER_BYTES || (buf[0]! & 0xc0) !== 0x80) return;
    if (!from.acceptRtp(port, address)) return;
    const now = this.#now();
    const b1 = buf[1]!;
    const pt = b1 & 0x7f;
    const seq = (buf[2]! << 8) | buf[3]!;
    const ts = ((buf[4]! << 24) | (buf[5]! << 16) | (buf[6]! << 8) | buf[7]!) >>> 0;
    const ssrc = ((buf[8]! << 24) | (buf[9]! << 16) | (buf[10]! << 8) | buf[11]!) >>> 0;
    from.noteRtp(length, ssrc, seq, ts, now);
    const isEvent = pt === from.telephoneEventPt;
    const codecPt = from.codec === undefined ? -1 : from.codec.payloadType;
    if (isEvent) this.#noteEvent(from, buf, ts);
    // A side that declared it does not send (recvonly, inactive, a paged phone) is not heard.
    else if (from.sends && from.listenRateHz !== 0 && pt === codecPt) this.#listen(from, buf);
    if (!from.sends || !to.receives || to.playing || to.destPort === 0) return;
    let outPt = pt;
    if (isEvent) {
      if (to.telephoneEventPt < 0) return;
      outPt = to.telephoneEventPt;
    } else if (pt === codecPt) {
      if (path.transcoder) {
        this.#transcode(to, path, buf, ssrc, seq, ts, now);
        return;
      }
      if (path.blocked) return;
      if (to.codec) outPt = to.codec.payloadType;
    } else if (path.transcoder || path.blocked) {
      return; // comfort noise and the like make no sense in the other leg's codec
    }
    const rebased = to.out.map(ssrc, seq, ts, now, path.tsRatio);
    const out = to.out;
    buf[1] = (rebased ? 0x80 : b1 & 0x80) | outPt;
    writeHeader(buf, out.seq, out.timestamp, out.ssrc);
    this.#send(to, buf, length);
  }

  #transcode(
    to: EngineSide,
    path: PacketPath,
    buf: Uint8Array,
    ssrc: number,
    seq: number,
    ts: number,
    now: number,
  ): void {
    const payload = payloadOf(buf);
    const transcoder = path.transcoder!;
    if (payload === undefined || payload.length === 0) return;
    if (transcoder.outputBytesFor(payload.length) > this.#scratch.length - HEADER_BYTES) return;
    const n = transcoder.transcodeInto(payload, this.#scratch.subarray(HEADER_BYTES));
    const rebased = to.out.map(ssrc, seq, ts, now, path.tsRatio);
    const out = this.#scratch;
    out[0] = 0x80;
    out[1] = (rebased ? 0x80 : buf[1]! & 0x80) | to.codec!.payloadType;
    writeHeader(out, to.out.seq, to.out.timestamp, to.out.ssrc);
    this.#send(to, out.subarray(0, HEADER_BYTES + n), HEADER_BYTES + n);
  }

  /** Sends one of the box's own 20 ms frames to a leg that is being played to. */
  playFrame(to: EngineSide, pcm: Int16Array): void {
    if (!to.playing || !to.receives || to.destPort === 0 || !to.codec) return;
    const payload = to.encodeForPlay(pcm);
    if (!payload) return;
    const inputRateHz = pcm.length === 320 ? 16000 : 8000;
    const stepUnits = Math.round((pcm.length * to.codec.clockRateHz) / inputRateHz);
    const rebased = to.out.next(stepUnits, this.#now());
    const out = this.#scratch;
    out[0] = 0x80;
    out[1] = (rebased ? 0x80 : 0) | to.codec.payloadType;
    writeHeader(out, to.out.seq, to.out.timestamp, to.out.ssrc);
    out.set(payload, HEADER_BYTES);
    const length = HEADER_BYTES + payload.length;
    this.#send(to, out.subarray(0, length), length);
  }

  #send(to: EngineSide, data: Uint8Array, length: number): void {
    try {
      to.rtp!.send(data, to.destPort, to.destAddress);
    } catch {
      // ICMP unreachable from a phone that went away surfaces on the next send.
      to.sendErrors++;
      return;
    }
    to.packetsOut++;
    to.bytesOut += length;
    to.out.packetCount++;
    to.out.octetCount += length - HEADER_BYTES;
  }

  #noteEvent(from: EngineSide, buf: Uint8Array, ts: number): void {
    const payload = payloadOf(buf);
    if (!payload) return;
    const rate = from.codec?.clockRateHz ?? 8000;
    for (const notice of from.events.receive(ts, payload)) {
      this.#emit({
        type: "telephone-event",
        session: this.id,
        side: from.name,
        kind: notice.kind,
        event: notice.event,
        ...(notice.kind === "end"
          ? { durationMs: Math.round((notice.durationTimestampUnits * 1000) / rate) }
          : {}),
      });
    }
  }

  #listen(from: EngineSide, buf: Uint8Array): void {
    const payload = payloadOf(buf);
    const pcm = payload && from.decodeForListener(payload);
    if (!pcm) return;
    this.#emit(
      { type: "frame", session: this.id, side: from.name, pcm, sampleRateHz: from.listenRateHz },
      [pcm.buffer as ArrayBuffer],
    );
  }

  #onRtcp(side: EngineSide, buf: Uint8Array, port: number, address: string): void {
    if (!side.acceptRtcp(port, address)) return;
    const parsed = parseRtcpCompound(buf);
    if (!parsed.ok) return;
    const now = this.#now();
    const rate = side.codec?.clockRateHz ?? 8000;
    for (const packet of parsed.packets) {
      if (packet.type !== "sr" && packet.type !== "rr") continue;
      if (packet.type === "sr" && packet.ssrc >>> 0 === side.receiveSsrc) {
        side.receiveStats?.noteSenderReport(packet.ntpSeconds, packet.ntpFraction, now);
      }
      for (const block of packet.reports) {
        if (block.ssrc >>> 0 !== side.out.ssrc) continue;
        side.remoteReport = {
          fractionLost: block.fractionLost / 256,
          cumulativeLost: block.cumulativeLost,
          jitterMs: (block.jitter * 1000) / rate,
        };
      }
    }
  }

  close(): void {
    this.a.close();
    this.b.close();
  }
}

function writeHeader(buf: Uint8Array, seq: number, ts: number, ssrc: number): void {
  buf[2] = seq >>> 8;
  buf[3] = seq & 0xff;
  buf[4] = ts >>> 24;
  buf[5] = (ts >>> 16) & 0xff;
  buf[6] = (ts >>> 8) & 0xff;
  buf[7] = ts & 0xff;
  buf[8] = ssrc >>> 24;
  buf[9] = (ssrc >>> 16) & 0xff;
  buf[10] = (ssrc >>> 8) & 0xff;
  buf[11] = ssrc & 0xff;
}

// RFC 3550 5.1/5.3.1: the payload follows the CSRC list and the header extension, and
// padding (P bit) is counted by the last octet.
function payloadOf(buf: Uint8Array): Uint8Array | undefined {
  let offset = HEADER_BYTES + (buf[0]! & 0x0f) * 4;
  if (buf[0]! & 0x10) {
    if (offset + 4 > buf.length) return undefined;
    offset += 4 + ((buf[offset + 2]! << 8) | buf[offset + 3]!) * 4;
  }
  const padding = buf[0]! & 0x20 ? buf[buf.length - 1]! : 0;
  if (offset + padding > buf.length) return undefined;
  return buf.subarray(offset, buf.length - padding);
}
