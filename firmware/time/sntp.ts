// SNTP client (RFC 4330; the packet of RFC 5905 §7.3): one request to one server, answered with
// the clock offset and round-trip delay. An answer counts only if it is a server's (mode 4),
// synchronised (leap indicator not 3, stratum 1-15), and echoes our transmit time as its
// originate time, so a stray or forged datagram cannot set the box's clock.

import { randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";

export const NTP_PORT = 123;
const PACKET_BYTES = 48;
/** Seconds from the NTP era start (1900) to the Unix epoch (1970). */
const NTP_UNIX_OFFSET_S = 2_208_988_800;

export interface NtpSample {
  /** What to add to the local clock to get the server's time (ms). */
  offsetMs: number;
  /** Round trip minus the server's own hold time (ms). */
  delayMs: number;
  stratum: number;
}

export type NtpResult = { ok: true; sample: NtpSample } | { ok: false; error: string };

/** An NTP timestamp (seconds and fraction since 1900) at `view[at]` as Unix ms. */
export function readTimestamp(view: DataView, at: number): number {
  const seconds = view.getUint32(at);
  const fraction = view.getUint32(at + 4);
  return (seconds - NTP_UNIX_OFFSET_S) * 1000 + (fraction / 2 ** 32) * 1000;
}

/** Unix ms written as an NTP timestamp at `view[at]`. */
export function writeTimestamp(view: DataView, at: number, unixMs: number): void {
  const seconds = Math.floor(unixMs / 1000);
  view.setUint32(at, (seconds + NTP_UNIX_OFFSET_S) >>> 0);
  view.setUint32(at + 4, Math.floor(((unixMs - seconds * 1000) / 1000) * 2 ** 32) >>> 0);
}

/** "host" or "host:port" (IPv6 in brackets: "[::1]:123"). */
export function parseServer(text: string): { host: string; port: number } | undefined {
  const s = text.trim();
  const bracket = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(s);
  if (bracket) return withPort(bracket[1]!, bracket[2]);
  const plain = /^([A-Za-z0-9.-]{1,253})(?::(\d{1,5}))?$/.exec(s);
  if (plain) return withPort(plain[1]!, plain[2]);
  return undefined;
}

function withPort(host: string, port: string | undefined) {
  const n = port === undefined ? NTP_PORT : Number(port);
  return n >= 1 && n <= 65535 ? { host, port: n } : undefined;
}

/**
 * Asks `server` once. `now` is the clock being corrected: the offset is relative to it.
 * The socket is closed on every path; a name that does not resolve is an error, not a throw.
 */
export function queryNtp(
  server: { host: string; port: number },
  now: () => number,
  timeoutMs = 2000,
): Promise<NtpResult> {
  const family = server.host.includes(":") ? "udp6" : "udp4";
  const socket = createSocket(family);
  const request = new Uint8Array(PACKET_BYTES);
  const view = new DataView(request.buffer);
  view.setUint8(0, (0 << 6) | (4 << 3) | 3); // LI 0, version 4, mode 3 (client)
  // The transmit time is random bits, not our clock: the server echoes it back as the
  // originate time, which is all the client needs to match the answer (RFC 5905 §8 uses it so).
  request.set(randomBytes(8), 40);
  const echo = request.slice(40, 48);
  return new Promise((resolve) => {
    let sentAt = 0;
    const finish = (result: NtpResult) => {
      clearTimeout(timer);
      socket.close();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, error: "no answer" }), timeoutMs);
    socket.on("error", (error) =>
      finish({
        ok: false,
        // ICMP port unreachable: a host that answers, but no NTP server on it.
        error: (error as NodeJS.ErrnoException).code === "ECONNREFUSED" ? "refused" : error.message,
      }),
    );
    socket.on("message", (message) => {
      const receivedAt = now();
      if (message.length < PACKET_BYTES) return;
      const answer = new DataView(message.buffer, message.byteOffset, message.length);
      if (!message.subarray(24, 32).equals(echo)) return;
      const first = answer.getUint8(0);
      const leap = first >> 6;
      const mode = first & 7;
      const stratum = answer.getUint8(1);
      if (mode !== 4) return finish({ ok: false, error: "not a server's answer" });
      if (leap === 3 || stratum === 0 || stratum > 15)
        return finish({ ok: false, error: "server not synchronised" });
      const received = readTimestamp(answer, 32);
      const transmitted = readTimestamp(answer, 40);
      const offsetMs = (received - sentAt + (transmitted - receivedAt)) / 2;
      const delayMs = receivedAt - sentAt - (transmitted - received);
      finish({ ok: true, sample: { offsetMs, delayMs: Math.max(0, delayMs), stratum } });
    });
    sentAt = now();
    socket.send(request, server.port, server.host, (error) => {
      if (error) finish({ ok: false, error: error.message });
    });
  });
}
