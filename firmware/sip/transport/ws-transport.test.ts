// WebSocket connections to the real stack over 127.0.0.1, bounded like TCP ones; deadlines on
// a manual clock.

import { afterEach, expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import { SipStack } from "../core/sip-stack.ts";
import type { Flow } from "./transport.ts";
import { WsTransport } from "./ws-transport.ts";

let stack: SipStack;
const sockets: WebSocket[] = [];

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
  stack.close();
});

/** Opens a SIP WebSocket; resolves with whether the box accepted it. */
function open(
  port: number,
): Promise<{ socket: WebSocket; accepted: boolean; closed: Promise<void> }> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}`, "sip");
  sockets.push(socket);
  const closed = new Promise<void>((resolve) => socket.addEventListener("close", () => resolve()));
  return new Promise((resolve) => {
    socket.addEventListener("open", () => resolve({ socket, accepted: true, closed }));
    socket.addEventListener("error", () => resolve({ socket, accepted: false, closed }));
  });
}

test("a WebSocket peer gets its connection cap and the first-message deadline", async () => {
  const clock = new ManualClock();
  const abuse: string[] = [];
  stack = new SipStack({ clock });
  stack.onAbuse = (_flow: Flow, reason: string) => abuse.push(reason);
  const transport = WsTransport.listen(
    { hostname: "127.0.0.1", port: 0, clock, limits: { maxPerAddress: 2 } },
    stack,
  );
  stack.addTransport(transport);
  const results = [];
  for (let i = 0; i < 3; i++) results.push(await open(transport.local.port));
  expect(results.map((r) => r.accepted)).toEqual([true, true, false]);
  clock.advance(10_000);
  await Promise.all(results.slice(0, 2).map((r) => r.closed));
  expect(abuse).toEqual([
    "too many connections",
    "no message on a new connection",
    "no message on a new connection",
  ]);
});
