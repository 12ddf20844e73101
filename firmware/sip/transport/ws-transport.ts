// RFC 7118 SIP over WebSocket: subprotocol "sip", one SIP message per WebSocket message,
// Content-Length optional. Browser softphones connect here.

import type { Flow, LocalEndpoint, Transport, TransportSink } from "./transport.ts";

interface SocketData {
  flow: Flow;
}

type Sockets = Map<number, Bun.ServerWebSocket<SocketData>>;

export class WsTransport implements Transport {
  readonly local: LocalEndpoint;
  readonly #server: Bun.Server<SocketData>;
  readonly #sockets: Sockets;

  private constructor(server: Bun.Server<SocketData>, sockets: Sockets, local: LocalEndpoint) {
    this.#server = server;
    this.#sockets = sockets;
    this.local = local;
  }

  static listen(
    options: { hostname: string; port: number; tls?: { cert: string; key: string } },
    sink: TransportSink,
  ): WsTransport {
    let nextId = 1;
    const protocol = options.tls ? "WSS" : "WS";
    const sockets: Sockets = new Map();
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
        const headers = { "Sec-WebSocket-Protocol": "sip" };
        if (srv.upgrade(request, { data: { flow }, headers })) return undefined;
        return new Response("upgrade failed", { status: 400 });
      },
      websocket: {
        maxPayloadLength: 256 * 1024,
        open(ws) {
          sockets.set(ws.data.flow.connectionId!, ws);
        },
        message(ws, message) {
          sink.datagram(typeof message === "string" ? Buffer.from(message) : message, ws.data.flow);
        },
        close(ws) {
          sockets.delete(ws.data.flow.connectionId!);
        },
      },
    });
    const local = { protocol, address: options.hostname, port: server.port ?? 0 } as const;
    return new WsTransport(server, sockets, local);
  }

  send(data: Uint8Array, to: Flow): boolean {
    const ws = to.connectionId !== undefined ? this.#sockets.get(to.connectionId) : undefined;
    if (!ws) return false;
    ws.send(Buffer.from(data).toString("utf8"));
    return true;
  }

  close(): void {
    this.#server.stop(true);
  }
}
