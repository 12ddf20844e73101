// TCP connections to the real stack over 127.0.0.1, as a phone or a flooding host opens them;
// deadlines run on a manual clock, so a 600-second idle limit takes no time.

import { afterEach, describe, expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import { SipStack } from "../core/sip-stack.ts";
import { DEFAULT_CONNECTION_LIMITS } from "./connection-guard.ts";
import { StreamTransport } from "./stream-transport.ts";
import type { Flow } from "./transport.ts";

interface Client {
  closed: boolean;
  received: string;
  send(text: string): void;
  end(): void;
}

let clock: ManualClock;
let stack: SipStack;
let transport: StreamTransport;
let abuse: string[];
let banned: Set<string>;
const clients: Client[] = [];

function start(limits = {}): void {
  clock = new ManualClock();
  abuse = [];
  banned = new Set();
  stack = new SipStack({ clock, admit: (flow) => !banned.has(flow.address) });
  stack.on("REGISTER", { handle: (incoming) => incoming.respond(200) });
  stack.on("OPTIONS", { handle: (incoming) => incoming.respond(200) });
  stack.onAbuse = (flow: Flow, reason: string) => abuse.push(`${flow.address} ${reason}`);
  transport = StreamTransport.listen(
    { protocol: "TCP", hostname: "127.0.0.1", port: 0, clock, limits },
    stack,
  );
  stack.addTransport(transport);
}

afterEach(() => {
  for (const client of clients.splice(0)) client.end();
  stack.close();
});

async function connect(): Promise<Client> {
  const client: Client = {
    closed: false,
    received: "",
    send: () => {},
    end: () => {},
  };
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port: transport.local.port,
    socket: {
      data(_s, data) {
        client.received += Buffer.from(data).toString();
      },
      close() {
        client.closed = true;
      },
      error() {
        client.closed = true;
      },
    },
  });
  client.send = (text) => socket.write(text);
  client.end = () => socket.end();
  clients.push(client);
  return client;
}

/** Waits for socket events (real I/O, not protocol time). */
async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await Bun.sleep(5);
  }
}

let serial = 0;
function request(method: string): string {
  serial++;
  return [
    `${method} sip:pbx@127.0.0.1 SIP/2.0`,
    `Via: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKconn${serial}`,
    `From: <sip:101@127.0.0.1>;tag=c${serial}`,
    "To: <sip:101@127.0.0.1>",
    `Call-ID: conn-${serial}`,
    `CSeq: 1 ${method}`,
    "Max-Forwards: 70",
    "Contact: <sip:101@127.0.0.1:5999;transport=tcp>",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

describe("TCP connection limits", () => {
  test("one address gets at most 32 connections; each refused one is reported", async () => {
    start();
    const opened = await Promise.all(Array.from({ length: 40 }, () => connect()));
    await until(() => opened.filter((c) => c.closed).length === 8);
    await Bun.sleep(50);
    expect(opened.filter((c) => !c.closed)).toHaveLength(DEFAULT_CONNECTION_LIMITS.maxPerAddress);
    expect(transport.connectionCount).toBe(32);
    expect(abuse).toEqual(Array(8).fill("127.0.0.1 too many connections"));
  });

  test("a silent connection is closed after 10 s and reported; a talking one stays", async () => {
    start();
    const silent = await connect();
    const talking = await connect();
    await until(() => transport.connectionCount === 2);
    talking.send(request("OPTIONS"));
    await until(() => talking.received.startsWith("SIP/2.0 200"));
    clock.advance(9_999);
    await Bun.sleep(30);
    expect(silent.closed).toBe(false);
    clock.advance(1);
    await until(() => silent.closed);
    expect(talking.closed).toBe(false);
    expect(abuse).toEqual(["127.0.0.1 no message on a new connection"]);
  });

  test("idle without a registration: closed after 120 s; a registration flow keeps 600 s", async () => {
    start();
    const chatty = await connect();
    const registered = await connect();
    chatty.send(request("OPTIONS"));
    registered.send(request("REGISTER"));
    await until(() => chatty.received.includes("200") && registered.received.includes("200"));
    clock.advance(120_000);
    await until(() => chatty.closed);
    expect(registered.closed).toBe(false);
    clock.advance(479_000);
    await Bun.sleep(30);
    expect(registered.closed).toBe(false);
    clock.advance(1_000);
    await until(() => registered.closed);
    // Idle is not abuse: only the silent and the over-limit are counted toward bans.
    expect(abuse).toEqual([]);
  });

  test("a banned address is refused at connect", async () => {
    start();
    banned.add("127.0.0.1");
    const client = await connect();
    await until(() => client.closed);
    expect(transport.connectionCount).toBe(0);
  });

  test("limits are configurable", async () => {
    start({ maxPerAddress: 2, firstMessageMs: 1_000 });
    const opened = await Promise.all(Array.from({ length: 3 }, () => connect()));
    await until(() => opened.filter((c) => c.closed).length === 1);
    clock.advance(1_000);
    await until(() => opened.every((c) => c.closed));
  });
});
