// SPEC PROV-2: phones announce themselves to the SIP multicast group sip.mcast.net
// (224.0.1.75) on port 5060. This listener joins the group and hands each datagram to the SIP
// stack as if it had reached the unicast port, so the answer and the NOTIFY go back unicast
// from the box's SIP port, as the corpus's responders do. Off unless the operator turns it on.
import { createSocket, type Socket } from "node:dgram";

export const PNP_MULTICAST_GROUP = "224.0.1.75";
export const PNP_MULTICAST_PORT = 5060;

export interface DatagramSink {
  datagram(data: Uint8Array, from: { protocol: "UDP"; address: string; port: number }): void;
}

export interface PnpMulticastOptions {
  sink: DatagramSink;
  group?: string;
  port?: number;
  /** The interface address to join on; the kernel's choice when absent. */
  interfaceAddress?: string;
}

/** A joined multicast listener; close() leaves the group. */
export class PnpMulticast {
  readonly #socket: Socket;

  private constructor(socket: Socket) {
    this.#socket = socket;
  }

  /** Binds the group's port (shared with the unicast SIP socket when that is 5060) and joins. */
  static listen(options: PnpMulticastOptions): Promise<PnpMulticast> {
    const group = options.group ?? PNP_MULTICAST_GROUP;
    const socket = createSocket({ type: "udp4", reuseAddr: true });
    return new Promise((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(options.port ?? PNP_MULTICAST_PORT, group, () => {
        try {
          socket.addMembership(group, options.interfaceAddress);
        } catch (error) {
          socket.close();
          reject(error);
          return;
        }
        socket.off("error", reject);
        socket.on("error", () => {});
        socket.on("message", (data, from) =>
          options.sink.datagram(data, { protocol: "UDP", address: from.address, port: from.port }),
        );
        resolve(new PnpMulticast(socket));
      });
    });
  }

  close(): void {
    try {
      this.#socket.close();
    } catch {
      // already closed
    }
  }
}
