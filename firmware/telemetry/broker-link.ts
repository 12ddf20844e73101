// The publisher's view of one connection to the broker, so the sending order and the queue can
// be driven by hand in tests; mqtt-connector.ts makes real ones with the mqtt package.

export interface LastWill {
  topic: string;
  payload: string;
  retain: boolean;
}

/** One open connection; gone for good once `onClose` has been called. */
export interface BrokerLink {
  /** Publishes at QoS 1; resolves when the broker acknowledged (PUBACK). */
  publish(topic: string, payload: string, options: { retain: boolean }): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectRequest {
  will: LastWill;
  /** A topic to subscribe to (QoS 1) before the connection counts as open, and its messages. */
  inbox?: { topic: string; onMessage(payload: Uint8Array): void };
  /** Called once when the connection is lost, with why. */
  onClose(reason: string): void;
}

/** Opens a connection; resolves once the broker accepted it (CONNACK), rejects with why not. */
export type Connect = (request: ConnectRequest) => Promise<BrokerLink>;
