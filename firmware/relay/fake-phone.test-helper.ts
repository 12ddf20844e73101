// A phone's media side for relay tests: a plain UDP socket on 127.0.0.1 sending RTP made
// with media/rtp and keeping what it receives, plus tone analysis of received audio.
import type { udp } from "bun";
import { goertzelPower } from "../../media/dsp/goertzel.ts";
import { parseRtpPacket, type RtpPacket, serializeRtpPacket } from "../../media/rtp/rtp-packet.ts";

export interface Received {
  packet: RtpPacket;
  fromPort: number;
}

export class FakePhone {
  readonly received: Received[] = [];
  ssrc: number;
  seq: number;
  timestamp: number;
  readonly #socket: udp.Socket<"buffer">;

  private constructor(socket: udp.Socket<"buffer">, ssrc: number, seq: number) {
    this.#socket = socket;
    this.ssrc = ssrc;
    this.seq = seq;
    this.timestamp = ssrc ^ 0x5a5a;
  }

  static async open(ssrc: number, seq = 1000): Promise<FakePhone> {
    const holder: { phone?: FakePhone } = {};
    const socket = await Bun.udpSocket({
      hostname: "127.0.0.1",
      socket: {
        data(_s, data, port) {
          const parsed = parseRtpPacket(new Uint8Array(data));
          if (parsed.ok) {
            // Copy: the payload is a view into a buffer the socket may reuse.
            const packet = { ...parsed.packet, payload: parsed.packet.payload.slice() };
            holder.phone?.received.push({ packet, fromPort: port });
          }
        },
      },
    });
    holder.phone = new FakePhone(socket, ssrc, seq);
    return holder.phone;
  }

  get port(): number {
    return this.#socket.port;
  }

  /** Sends one packet to the relay's `port`; sequence and timestamp advance per packet. */
  send(
    port: number,
    payloadType: number,
    payload: Uint8Array,
    options: { marker?: boolean; timestampStep?: number } = {},
  ): void {
    const bytes = serializeRtpPacket({
      marker: options.marker ?? false,
      payloadType,
      sequenceNumber: this.seq,
      timestamp: this.timestamp,
      ssrc: this.ssrc,
      csrcs: [],
      payload,
      paddingBytes: 0,
    });
    this.#socket.send(bytes, port, "127.0.0.1");
    this.seq = (this.seq + 1) & 0xffff;
    this.timestamp = (this.timestamp + (options.timestampStep ?? 160)) >>> 0;
  }

  sendRaw(port: number, bytes: Uint8Array): void {
    this.#socket.send(bytes, port, "127.0.0.1");
  }

  close(): void {
    this.#socket.close();
  }
}

/** Waits (for real sockets) until `condition` holds; fails after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error("timed out waiting");
    await Bun.sleep(2);
  }
}

/** Lets in-flight datagrams arrive before asserting that nothing did. */
export function settle(ms = 50): Promise<void> {
  return Bun.sleep(ms);
}

/** Concatenates frames. */
export function joinPcm(frames: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const frame of frames) {
    out.set(frame, at);
    at += frame.length;
  }
  return out;
}

/** Frequency estimated from zero crossings (a clean tone crosses zero twice a period). */
export function zeroCrossingHz(pcm: Int16Array, sampleRateHz: number): number {
  let crossings = 0;
  for (let i = 1; i < pcm.length; i++) {
    if (pcm[i - 1]! < 0 !== pcm[i]! < 0) crossings++;
  }
  return (crossings * sampleRateHz) / (2 * pcm.length);
}

/** Power at `freqHz` over power at the strongest of `others` (Goertzel). */
export function toneDominance(
  pcm: Int16Array,
  sampleRateHz: number,
  freqHz: number,
  others: readonly number[],
): number {
  const at = goertzelPower(pcm, 0, pcm.length, freqHz, sampleRateHz);
  const worst = Math.max(...others.map((f) => goertzelPower(pcm, 0, pcm.length, f, sampleRateHz)));
  return at / Math.max(worst, 1e-9);
}
