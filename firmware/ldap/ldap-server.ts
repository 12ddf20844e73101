// SPEC CALL-17: the built-in LDAPv3 server (RFC 4511 over TCP) on --ldap-port. Each
// connection gets an LdapSession; this file only moves bytes, keeps unsent output until the
// socket drains, caps connections and closes idle ones (Bun's socket timeout, which restarts
// on every read and write) so a flood cannot exhaust the box.
import type { Socket, TCPSocketListener } from "bun";
import { type LdapBackend, LdapSession } from "./ldap-session.ts";

export interface LdapServerOptions {
  hostname: string;
  port: number;
  backend: LdapBackend;
  /** Connections open at once; more are closed at once. */
  maxConnections?: number;
  /** A connection silent this long is closed, so idle ones cannot hold every slot. */
  idleTimeoutS?: number;
}

interface Connection {
  session: LdapSession;
  pending: Uint8Array[];
  closing: boolean;
}

/** A listening LDAP server; `close()` stops it and drops its connections. */
export class LdapServer {
  private constructor(private readonly listener: TCPSocketListener<Connection>) {}

  get port(): number {
    return this.listener.port;
  }

  static listen(options: LdapServerOptions): LdapServer {
    const max = options.maxConnections ?? 64;
    let open = 0;
    const flush = (socket: Socket<Connection>) => {
      const conn = socket.data;
      while (conn.pending.length > 0) {
        const next = conn.pending[0]!;
        const written = socket.write(next);
        if (written < next.length) {
          conn.pending[0] = next.subarray(Math.max(written, 0));
          return;
        }
        conn.pending.shift();
      }
      if (conn.closing) socket.end();
    };
    const listener = Bun.listen<Connection>({
      hostname: options.hostname,
      port: options.port,
      socket: {
        open(socket) {
          open++;
          socket.data = {
            session: new LdapSession(options.backend, socket.remoteAddress),
            pending: [],
            closing: false,
          };
          if (open > max) socket.end();
          else socket.timeout(options.idleTimeoutS ?? 300);
        },
        timeout(socket) {
          socket.end();
        },
        data(socket, chunk) {
          const conn = socket.data;
          if (!conn || conn.closing) return;
          const out = conn.session.receive(chunk);
          conn.pending.push(...out.send);
          conn.closing = out.close;
          flush(socket);
        },
        drain(socket) {
          if (socket.data) flush(socket);
        },
        close() {
          open--;
        },
        error() {},
      },
    });
    return new LdapServer(listener);
  }

  close(): void {
    this.listener.stop(true);
  }
}
