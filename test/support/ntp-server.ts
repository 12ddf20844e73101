// A small NTP server on 127.0.0.1 for tests: answers each client request (RFC 5905 packet) with
// the host's time moved by `offsetMs`, as a stratum-2 server would; `answer` can spoil the reply
// (wrong mode, unsynchronised, a foreign originate time) to check what the client refuses.
import { createSocket } from "node:dgram";
import { writeTimestamp } from "../../firmware/time/sntp.ts";

export interface NtpServer {
  port: number;
  /** Requests heard so far. */
  requests: number;
  offsetMs: number;
  close(): void;
}

export type Spoil = "none" | "client-mode" | "unsynchronised" | "foreign-originate" | "silent";

export async function startNtpServer(offsetMs: number, spoil: Spoil = "none"): Promise<NtpServer> {
  const socket = createSocket("udp4");
  let closed = false;
  const server: NtpServer = {
    port: 0,
    requests: 0,
    offsetMs,
    close: () => {
      if (!closed) socket.close();
      closed = true;
    },
  };
  socket.on("message", (request, from) => {
    server.requests++;
    if (spoil === "silent" || request.length < 48) return;
    const received = Date.now() + server.offsetMs;
    const reply = new Uint8Array(48);
    const view = new DataView(reply.buffer);
    const mode = spoil === "client-mode" ? 3 : 4;
    const leap = spoil === "unsynchronised" ? 3 : 0;
    view.setUint8(0, (leap << 6) | (4 << 3) | mode);
    view.setUint8(1, spoil === "unsynchronised" ? 0 : 2);
    reply.set(request.subarray(40, 48), 24);
    if (spoil === "foreign-originate") reply[24] = (reply[24]! + 1) & 0xff;
    writeTimestamp(view, 32, received);
    writeTimestamp(view, 40, Date.now() + server.offsetMs);
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  server.port = socket.address().port;
  return server;
}
