// RFC 3261 §18 transport layer types. A Flow names where a message came from or goes to;
// replies always go back along the flow a request arrived on (symmetric response routing,
// RFC 3581), which is what phones behind NAT need.

export type Protocol = "UDP" | "TCP" | "TLS" | "WS" | "WSS";

export interface Flow {
  protocol: Protocol;
  address: string;
  port: number;
  /** For stream transports: the connection the message arrived on, reused for replies. */
  connectionId?: number;
  /** For a TLS connection the box opens: how to check the server (RFC 3261 §26.3.1). */
  tls?: TlsTarget;
}

/** How an outgoing TLS connection checks the server's certificate. */
export interface TlsTarget {
  /** The name the certificate must carry (and the SNI sent); the address when absent. */
  serverName?: string;
  /** Whether the chain and name are verified (off: another box's self-signed certificate). */
  verify: boolean;
}

export interface LocalEndpoint {
  protocol: Protocol;
  address: string;
  port: number;
}

/** What a transport hands upward: raw bytes of one datagram or one framed message. */
export interface TransportSink {
  datagram(data: Uint8Array, from: Flow): void;
  /** One message from a stream: header block bytes (undecoded) and exact body. */
  framed(head: Uint8Array, body: Uint8Array, from: Flow): void;
  /** A stream broke framing or was refused; it is closed. */
  streamError(from: Flow, reason: string): void;
  /** A keepalive arrived on a stream (RFC 5626 §3.5.1); reply with the pong bytes. */
  ping?(from: Flow): void;
  /** Asked before a connection is accepted: false refuses it (a banned address). */
  admitConnection?(from: Flow): boolean;
  /** A peer held a connection silent past its deadline, or tried past its connection limit. */
  abusive?(from: Flow, reason: string): void;
  /**
   * A connection the box opened failed before carrying anything (refused, no route, TLS
   * handshake or certificate refused): what was queued on it was never sent (§18.4).
   */
  unreachable?(to: Flow, reason: string): void;
}

/** A message as a transport takes it: its text (written as UTF-8), or its bytes. */
export type WireData = string | Uint8Array;

export interface Transport {
  readonly local: LocalEndpoint;
  /** Sends a message along a flow; false when the flow is gone (connection closed). */
  send(data: WireData, to: Flow): boolean;
  /** The flow carries a registration or a call: keep its connection open longer (RFC 5626). */
  retain?(flow: Flow): void;
  close(): void;
}

/** Key of a flow for maps: protocol, address, port (and connection for streams). */
export function flowKey(flow: Flow): string {
  return `${flow.protocol}:${flow.address}:${flow.port}`;
}

/** True for transports that deliver reliably (no retransmissions, RFC 3261 §17.1.1.2). */
export function isReliable(protocol: Protocol): boolean {
  return protocol !== "UDP";
}
