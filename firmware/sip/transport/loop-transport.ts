// An in-memory transport for tests: what the stack sends is recorded, and a test delivers
// datagrams as if they came from a peer. Everything else in the stack is the real code.

import type {
  Flow,
  LocalEndpoint,
  Protocol,
  Transport,
  TransportSink,
  WireData,
} from "./transport.ts";

export interface SentDatagram {
  data: Buffer;
  to: Flow;
}

export class LoopTransport implements Transport {
  readonly local: LocalEndpoint;
  readonly sent: SentDatagram[] = [];
  sink: TransportSink | undefined;

  constructor(protocol: Protocol = "UDP", address = "127.0.0.1", port = 5060) {
    this.local = { protocol, address, port };
  }

  send(data: WireData, to: Flow): boolean {
    this.sent.push({ data: Buffer.from(data), to });
    return true;
  }

  /** Delivers bytes to the stack as if `from` had sent them. */
  deliver(data: string | Uint8Array, from: Flow): void {
    this.sink?.datagram(typeof data === "string" ? Buffer.from(data) : data, from);
  }

  /** Takes and returns everything sent so far. */
  take(): SentDatagram[] {
    return this.sent.splice(0);
  }

  close(): void {}
}
