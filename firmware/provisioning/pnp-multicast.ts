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

  /**
   * Binds the group's port and joins. When the box's own SIP socket already holds that port on
   * the wildcard address (the default: --sip-port 5060, --bind 0.0.0.0), the port cannot be
   * bound twice; joining from a socket on any port is then enough, as Linux hands a joined
   * group's datagrams to every socket bound to the wildcard and their port (IP_MULTICAST_ALL),
   * so the SIP socket itself receives them.
   */
  static async listen(options: PnpMulticastOptions): Promise<PnpMulticast> {
    const group = options.group ?? PNP_MULTICAST_GROUP;
    try {
      return await PnpMulticast.#join(options, group, options.port ?? PNP_MULTICAST_PORT);
    } catch (error) {
      if ((error as { code?: string }).code !== "EADDRINUSE") throw error;
      return await PnpMulticast.#join(options, group, 0);
    }
  }

  static #join(options: PnpMulticastOptions, group: string, port: number): Promise<PnpMulticast> {
    const socket = createSocket({ type: "udp4", reuseAddr: true });
    return new Promise((resolve, reject) => {
      socket.once("error", (error) => {
        socket.close();
        reject(error);
      });
      socket.bind(port, port === 0 ? undefined : group, () => {
        try {
          socket.addMembership(group, options.interfaceAddress);
        } catch (error) {
          socket.close();
          reject(error);
          return;
        }
        socket.removeAllListeners("error");
        socket.on("error", () => {});
        // Bound to an ephemeral port, the socket only holds the membership: nothing comes here.
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
