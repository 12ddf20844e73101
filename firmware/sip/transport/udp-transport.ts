// RFC 3261 §18.1.1/§18.2.1 over UDP: each datagram is one message.

import { growUdpReceiveBuffer, type ReceiveBufferResult } from "./receive-buffer.ts";
import type { Flow, LocalEndpoint, Transport, TransportSink, WireData } from "./transport.ts";

export class UdpTransport implements Transport {
  readonly local: LocalEndpoint;
  readonly #socket: Bun.udp.Socket<"buffer">;

  private constructor(socket: Bun.udp.Socket<"buffer">) {
    this.#socket = socket;
    this.local = { protocol: "UDP", address: socket.hostname, port: socket.port };
  }

  static async listen(hostname: string, port: number, sink: TransportSink): Promise<UdpTransport> {
    const socket = await Bun.udpSocket({
      hostname,
      port,
      socket: {
        data(_socket, data, remotePort, remoteAddress) {
          // Keepalives (CRLF, RFC 5626 STUN) are not SIP: a SIP message starts with a letter.
          const first = data[0] ?? 0;
          if (data.length < 16 || first < 0x41) return;
          sink.datagram(data, { protocol: "UDP", address: remoteAddress, port: remotePort });
        },
        // An ICMP port-unreachable from a vanished phone surfaces as ECONNREFUSED on the
        // shared socket: it concerns that one peer, never the transport.
        error() {},
      },
    });
    return new UdpTransport(socket);
  }

  send(data: WireData, to: Flow): boolean {
    // The kernel reports an ICMP port-unreachable on the socket's next call, whichever peer
    // that call is for: the first failure may belong to an earlier datagram to a vanished
    // phone, so try once more before calling this destination failed (§18.4).
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        return this.#socket.send(data, to.port, to.address);
      } catch {}
    }
    return false;
  }

  /** Grows the socket's receive buffer (`receive-buffer.ts`: Bun has no option for it). */
  growReceiveBuffer(bytes: number): Promise<ReceiveBufferResult> {
    return growUdpReceiveBuffer(this.local.port, bytes);
  }

  close(): void {
    this.#socket.close();
  }
}
