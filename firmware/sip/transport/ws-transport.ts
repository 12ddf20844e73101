// RFC 7118 SIP over WebSocket: subprotocol "sip", one SIP message per WebSocket message,
// Content-Length optional. Browser softphones connect here. Connections are bounded like the
// TCP ones (connection-guard.ts): per address, in all, and in time.

import type { Clock } from "../clock.ts";
import { ConnectionGuard, type ConnectionLimits } from "./connection-guard.ts";
import type { Flow, LocalEndpoint, Transport, TransportSink, WireData } from "./transport.ts";

interface SocketData {
  flow: Flow;
}

type Sockets = Map<number, Bun.ServerWebSocket<SocketData>>;

export class WsTransport implements Transport {
  readonly local: LocalEndpoint;
  readonly #server: Bun.Server<SocketData>;
  readonly #sockets: Sockets;
  readonly #guard: ConnectionGuard;

  private constructor(
    server: Bun.Server<SocketData>,
    sockets: Sockets,
    local: LocalEndpoint,
    guard: ConnectionGuard,
  ) {
    this.#server = server;
    this.#sockets = sockets;
    this.local = local;
    this.#guard = guard;
  }

  static listen(
    options: {
      hostname: string;
      port: number;
      tls?: { cert: string; key: string };
      clock: Clock;
      limits?: Partial<ConnectionLimits>;
    },
    sink: TransportSink,
  ): WsTransport {
    let nextId = 1;
    const protocol = options.tls ? "WSS" : "WS";
    const sockets: Sockets = new Map();
    const guard = new ConnectionGuard(options.clock, options.limits ?? {}, (id, reason) => {
      const ws = sockets.get(id);
      if (!ws) return;
      sockets.delete(id);
      if (reason === "silent") sink.abusive?.(ws.data.flow, "no message on a new connection");
      ws.close(1008, "idle");
    });
    const server = Bun.serve<SocketData>({
      hostname: options.hostname,
      port: options.port,
      tls: options.tls,
      fetch(request, srv) {
        const offered = (request.headers.get("sec-websocket-protocol") ?? "").split(",");
        if (!offered.some((p) => p.trim() === "sip")) {
          return new Response("SIP over WebSocket needs the subprotocol sip", { status: 400 });
        }
        const peer = srv.requestIP(request);
        const flow: Flow = {
          protocol,
          address: peer?.address ?? "",
          port: peer?.port ?? 0,
          connectionId: nextId++,
        };
        if (sink.admitConnection && !sink.admitConnection(flow)) {
          return new Response("forbidden", { status: 403 });
        }
        if (guard.admit(flow.address)) {
          sink.abusive?.(flow, "too many connections");
          return new Response("too many connections", { status: 429 });
        }
        const headers = { "Sec-WebSocket-Protocol": "sip" };
        if (srv.upgrade(request, { data: { flow }, headers })) return undefined;
        return new Response("upgrade failed", { status: 400 });
      },
      websocket: {
        maxPayloadLength: 256 * 1024,
        open(ws) {
          const id = ws.data.flow.connectionId!;
          sockets.set(id, ws);
          guard.opened(id, ws.data.flow.address);
        },
        message(ws, message) {
          guard.activity(ws.data.flow.connectionId!);
          sink.datagram(typeof message === "string" ? Buffer.from(message) : message, ws.data.flow);
        },
        close(ws) {
          const id = ws.data.flow.connectionId!;
          sockets.delete(id);
          guard.closed(id);
        },
      },
    });
    const local = { protocol, address: options.hostname, port: server.port ?? 0 } as const;
    return new WsTransport(server, sockets, local, guard);
  }

  retain(flow: Flow): void {
    if (flow.connectionId !== undefined) this.#guard.retain(flow.connectionId);
  }

  send(data: WireData, to: Flow): boolean {
    const ws = to.connectionId !== undefined ? this.#sockets.get(to.connectionId) : undefined;
    if (!ws) return false;
    ws.send(typeof data === "string" ? data : Buffer.from(data).toString("utf8"));
    return true;
  }

  close(): void {
    for (const id of [...this.#sockets.keys()]) this.#guard.closed(id);
    this.#server.stop(true);
  }
}
