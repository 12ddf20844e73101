// Ports for one test run: a port free on both UDP and TCP (SIP uses both), chosen at random
// in a high range so parallel runs on one machine do not collide.

import { createSocket } from "node:dgram";
import { createServer } from "node:net";

async function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket("udp4");
    socket.once("error", () => resolve(false));
    socket.bind(port, "127.0.0.1", () => socket.close(() => resolve(true)));
  });
}

/** A port free on UDP and TCP, optionally with `span` following ports free on TCP too. */
export async function freePort(span = 1): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = 21000 + Math.floor(Math.random() * 38000);
    let ok = true;
    for (let i = 0; i < span && ok; i++)
      ok = (await tcpFree(base + i)) && (await udpFree(base + i));
    if (ok) return base;
  }
  throw new Error("no free port found");
}
