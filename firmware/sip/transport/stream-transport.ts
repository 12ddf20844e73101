// RFC 3261 §18 over TCP and TLS: messages framed by Content-Length (StreamFramer); replies
// reuse the connection a request came on (§18.2.2). Connections are bounded in number, per
// address, and in time (connection-guard.ts), and closed when they break framing (RFC 4475
// §3.1.2.3). The box opens connections itself toward trunks (TCP, and TLS with the server's
// certificate checked unless the flow says not to, §26.3.1); one that fails before carrying
// anything is reported upward (TransportSink.unreachable) so its transactions fail at once
// (§8.1.3.1, §18.4) instead of after Timer B or F.

import { checkServerIdentity, type PeerCertificate } from "node:tls";
import type { Clock } from "../clock.ts";
import { StreamFramer } from "../message/stream-framer.ts";
import { ConnectionGuard, type ConnectionLimits, type GuardReason } from "./connection-guard.ts";
import type {
  Flow,
  LocalEndpoint,
  TlsTarget,
  Transport,
  TransportSink,
  WireData,
} from "./transport.ts";

export interface StreamOptions {
  protocol: "TCP" | "TLS";
  hostname: string;
  port: number;
  tls?: { cert: string; key: string };
  /** Times the first-message deadline and idle limits. */
  clock: Clock;
  /** Connection caps and deadlines (defaults: DEFAULT_CONNECTION_LIMITS). */
  limits?: Partial<ConnectionLimits>;
}

interface Connection {
  id: number;
  socket: Bun.Socket<ConnectionData>;
  flow: Flow;
  /** Bytes accepted for sending but not yet taken by the kernel. */
  backlog: Uint8Array[];
  /** An outgoing TLS connection whose certificate was verified for this name. */
  verifiedName?: string;
}

interface ConnectionData {
  connection?: Connection;
  framer: StreamFramer;
}

/** An outgoing connection not yet open (or, for TLS, not yet past its handshake). */
interface Pending {
  flow: Flow;
  backlog: Uint8Array[];
}

export class StreamTransport implements Transport {
  readonly local: LocalEndpoint;
  readonly #byId = new Map<number, Connection>();
  readonly #byAddress = new Map<string, Connection>();
  readonly #listener: Bun.TCPSocketListener<ConnectionData>;
  readonly #sink: TransportSink;
  readonly #options: StreamOptions;
  readonly #guard: ConnectionGuard;
  /** Outgoing connections being opened, by `address:port`: later sends wait on the same one. */
  readonly #pending = new Map<string, Pending>();
  #nextId = 1;

  private constructor(
    listener: Bun.TCPSocketListener<ConnectionData>,
    sink: TransportSink,
    options: StreamOptions,
  ) {
    this.#listener = listener;
    this.#sink = sink;
    this.#options = options;
    this.local = { protocol: options.protocol, address: options.hostname, port: listener.port };
    this.#guard = new ConnectionGuard(options.clock, options.limits ?? {}, (id, reason) =>
      this.#evicted(id, reason),
    );
  }

  static listen(options: StreamOptions, sink: TransportSink): StreamTransport {
    let self: StreamTransport | undefined;
    const listener = Bun.listen<ConnectionData>({
      hostname: options.hostname,
      port: options.port,
      tls: options.tls,
      socket: {
        open: (socket) => {
          self?.opened(socket);
        },
        data: (socket, data) => self?.received(socket, data),
        drain: (socket) => flush(socket.data.connection),
        close: (socket) => self?.closed(socket),
        error: (socket) => self?.closed(socket),
      },
    });
    self = new StreamTransport(listener, sink, options);
    return self;
  }

  get connectionCount(): number {
    return this.#byId.size;
  }

  retain(flow: Flow): void {
    if (flow.connectionId !== undefined) this.#guard.retain(flow.connectionId);
  }

  send(wire: WireData, to: Flow): boolean {
    // Bytes: a partial write resumes at a byte offset.
    const data = typeof wire === "string" ? Buffer.from(wire) : wire;
    // A flow that asks for a verified server never rides a connection nobody verified (one
    // opened for a trunk with verification off, or one the far end opened).
    const verifyName = to.tls?.verify ? (to.tls.serverName ?? to.address) : undefined;
    const byAddress = this.#byAddress.get(`${to.address}:${to.port}`);
    const connection =
      (to.connectionId !== undefined ? this.#byId.get(to.connectionId) : undefined) ??
      (byAddress && (verifyName === undefined || byAddress.verifiedName === verifyName)
        ? byAddress
        : undefined);
    if (connection) {
      connection.backlog.push(data);
      flush(connection);
      return true;
    }
    const key = `${to.address}:${to.port}${verifyName === undefined ? "" : `|${verifyName}`}`;
    const waiting = this.#pending.get(key);
    if (waiting) {
      waiting.backlog.push(data);
      return true;
    }
    // A new outgoing connection; bytes wait until it opens (TLS: until the handshake checks).
    const pending: Pending = { flow: { ...to }, backlog: [data] };
    this.#pending.set(key, pending);
    const tls = this.#options.protocol === "TLS" ? (to.tls ?? { verify: true }) : undefined;
    const failed = (reason: string) => {
      if (this.#pending.get(key) !== pending) return;
      this.#pending.delete(key);
      this.#sink.unreachable?.(pending.flow, reason);
    };
    const ready = (socket: Bun.Socket<ConnectionData>) => {
      // Opened after the transport closed: nobody waits for it.
      if (this.#pending.get(key) !== pending) {
        socket.end();
        return;
      }
      this.#pending.delete(key);
      const opened = this.opened(socket, true);
      if (!opened) return;
      if (tls?.verify) opened.verifiedName = tls.serverName ?? to.address;
      opened.backlog.push(...pending.backlog);
      flush(opened);
    };
    Bun.connect<ConnectionData>({
      hostname: to.address,
      port: to.port,
      data: { framer: new StreamFramer() },
      ...(tls
        ? { tls: { rejectUnauthorized: tls.verify, serverName: tls.serverName ?? to.address } }
        : {}),
      socket: {
        open: (socket) => {
          if (!tls) ready(socket);
        },
        handshake: (socket, _success, authorizationError) => {
          const refused = tls?.verify
            ? certificateProblem(socket, tls, to, authorizationError)
            : "";
          if (refused) {
            failed(`TLS: ${refused}`);
            socket.end();
            return;
          }
          ready(socket);
        },
        data: (socket, bytes) => this.received(socket, bytes),
        drain: (socket) => flush(socket.data.connection),
        close: (socket) => {
          failed("connection closed");
          this.closed(socket);
        },
        error: (socket, error) => {
          failed(errorText(error));
          this.closed(socket);
        },
        connectError: (_socket, error) => failed(errorText(error)),
      },
    }).catch((error: unknown) => failed(errorText(error)));
    return true;
  }

  close(): void {
    for (const connection of [...this.#byId.values()]) {
      connection.socket.end();
      this.#forget(connection);
    }
    this.#pending.clear();
    this.#listener.stop(true);
  }

  private opened(socket: Bun.Socket<ConnectionData>, outgoing = false): Connection | undefined {
    const flow: Flow = {
      protocol: this.#options.protocol,
      address: socket.remoteAddress,
      port: socket.remotePort ?? 0,
    };
    if (!outgoing) {
      // Banned addresses are refused before they cost a slot; a peer past its cap is counted.
      if (this.#sink.admitConnection && !this.#sink.admitConnection(flow)) {
        socket.end();
        return undefined;
      }
      const refused = this.#guard.admit(flow.address);
      if (refused) {
        socket.end();
        this.#sink.abusive?.(flow, "too many connections");
        return undefined;
      }
    }
    socket.data ??= { framer: new StreamFramer() };
    socket.data.framer ??= new StreamFramer();
    const id = this.#nextId++;
    flow.connectionId = id;
    const connection: Connection = { id, socket, flow, backlog: [] };
    socket.data.connection = connection;
    this.#byId.set(id, connection);
    this.#byAddress.set(`${flow.address}:${flow.port}`, connection);
    this.#guard.opened(id, flow.address, outgoing);
    return connection;
  }

  #evicted(id: number, reason: GuardReason): void {
    const connection = this.#byId.get(id);
    if (!connection) return;
    if (reason === "silent")
      this.#sink.abusive?.(connection.flow, "no message on a new connection");
    connection.socket.end();
    this.#forget(connection);
  }

  private received(socket: Bun.Socket<ConnectionData>, data: Uint8Array): void {
    const connection = socket.data.connection;
    if (!connection) return;
    const framer = socket.data.framer;
    for (const event of framer.push(data)) {
      this.#guard.activity(connection.id);
      if (event.kind === "ping") {
        this.#sink.ping?.(connection.flow);
        continue;
      }
      this.#sink.framed(event.head, event.body, connection.flow);
    }
    if (framer.broken) {
      this.#sink.streamError(connection.flow, framer.broken);
      socket.end();
    }
  }

  private closed(socket: Bun.Socket<ConnectionData>): void {
    const connection = socket.data?.connection;
    if (connection) this.#forget(connection);
  }

  #forget(connection: Connection): void {
    this.#guard.closed(connection.id);
    this.#byId.delete(connection.id);
    const key = `${connection.flow.address}:${connection.flow.port}`;
    if (this.#byAddress.get(key) === connection) this.#byAddress.delete(key);
  }
}

function flush(connection: Connection | undefined): void {
  if (!connection) return;
  while (connection.backlog.length > 0) {
    const next = connection.backlog[0]!;
    const written = connection.socket.write(next);
    if (written >= next.length) connection.backlog.shift();
    else {
      connection.backlog[0] = next.subarray(Math.max(0, written));
      return;
    }
  }
}

/** Why a server's certificate is refused ("" when it is fine): chain, then name (RFC 6125). */
function certificateProblem(
  socket: Bun.Socket<ConnectionData>,
  tls: TlsTarget,
  to: Flow,
  authorizationError: Error | null,
): string {
  if (authorizationError) return errorText(authorizationError);
  const certificate = socket.getPeerCertificate() as PeerCertificate | undefined;
  if (!certificate) return "no certificate";
  const mismatch = checkServerIdentity(tls.serverName ?? to.address, certificate);
  return mismatch ? errorText(mismatch) : "";
}

function errorText(error: unknown): string {
  if (error && typeof error === "object") {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code === "string" && code !== "") return code;
    if (typeof message === "string" && message !== "") return message;
  }
  return String(error);
}
