// TCP connections to the real stack over 127.0.0.1, as a phone or a flooding host opens them;
// deadlines run on a manual clock, so a 600-second idle limit takes no time. The box's own
// outgoing connections (TCP, TLS) toward a trunk go to a second stack on 127.0.0.1.

import { afterEach, describe, expect, test } from "bun:test";
import { freePort } from "../../../test/support/free-port.ts";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import { testCertificate } from "../../../test/support/test-certificate.ts";
import { buildRequest } from "../core/request-builder.ts";
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

describe("connections the box opens (trunks)", () => {
  interface Outcome {
    status?: number;
    transportError?: string;
    timedOut?: boolean;
  }

  /** A client stack with one outgoing stream transport, and what became of its OPTIONS. */
  function client(protocol: "TCP" | "TLS") {
    const own = new SipStack({ clock });
    const out = StreamTransport.listen({ protocol, hostname: "127.0.0.1", port: 0, clock }, own);
    own.addTransport(out);
    const ask = (to: Flow): Outcome => {
      const outcome: Outcome = {};
      const options = buildRequest({
        method: "OPTIONS",
        uri: `sip:pbx@${to.address}:${to.port}`,
        to: `<sip:pbx@${to.address}>`,
        from: "<sip:trunk@127.0.0.1>",
        protocol,
        sentBy: `127.0.0.1:${out.local.port}`,
      });
      options.headers.add("content-length", "0");
      own.request(options, to, {
        onResponse: (response) => {
          outcome.status = response.status;
        },
        onTimeout: () => {
          outcome.timedOut = true;
        },
        onTransportError: (reason) => {
          outcome.transportError = reason;
        },
      });
      return outcome;
    };
    return { stack: own, transport: out, ask };
  }

  async function tlsServer() {
    clock = new ManualClock();
    abuse = [];
    banned = new Set();
    stack = new SipStack({ clock });
    stack.on("OPTIONS", { handle: (incoming) => incoming.respond(200) });
    const tls = await testCertificate(["far.example"]);
    transport = StreamTransport.listen(
      { protocol: "TLS", hostname: "127.0.0.1", port: 0, clock, tls },
      stack,
    );
    stack.addTransport(transport);
  }

  test("TLS to a self-signed server with verification off: the request is answered", async () => {
    await tlsServer();
    const box = client("TLS");
    try {
      const to: Flow = {
        protocol: "TLS",
        address: "127.0.0.1",
        port: transport.local.port,
        tls: { verify: false },
      };
      const first = box.ask(to);
      const second = box.ask(to);
      await until(() => first.status !== undefined && second.status !== undefined);
      expect([first.status, second.status]).toEqual([200, 200]);
      // Both requests went over the one connection the first opened.
      expect(box.transport.connectionCount).toBe(1);
      expect(transport.connectionCount).toBe(1);
    } finally {
      box.stack.close();
    }
  });

  test("TLS to a self-signed server with verification on fails at once, naming why", async () => {
    await tlsServer();
    const box = client("TLS");
    try {
      const outcome = box.ask({
        protocol: "TLS",
        address: "127.0.0.1",
        port: transport.local.port,
        tls: { serverName: "far.example", verify: true },
      });
      // No protocol time passes: the failure comes from the handshake, not from Timer F.
      await until(() => outcome.transportError !== undefined);
      expect(outcome.transportError).toMatch(/^TLS: .*(CERT|VERIFY|SIGNATURE)/);
      expect(outcome.status).toBeUndefined();
      expect(outcome.timedOut).toBeUndefined();
      expect(box.stack.transactions.clientCount).toBe(0);
    } finally {
      box.stack.close();
    }
  });

  test("a request that wants a verified server never rides an unverified connection", async () => {
    await tlsServer();
    const box = client("TLS");
    try {
      const to: Flow = { protocol: "TLS", address: "127.0.0.1", port: transport.local.port };
      const unchecked = box.ask({ ...to, tls: { verify: false } });
      await until(() => unchecked.status === 200);
      const checked = box.ask({ ...to, tls: { serverName: "far.example", verify: true } });
      await until(() => checked.transportError !== undefined);
      expect(checked.status).toBeUndefined();
      expect(checked.transportError).toMatch(/^TLS: /);
    } finally {
      box.stack.close();
    }
  });

  test("a refused TCP connect fails the transaction at once, not after Timer F", async () => {
    start();
    const closed = await freePort();
    const box = client("TCP");
    try {
      const outcome = box.ask({ protocol: "TCP", address: "127.0.0.1", port: closed });
      await until(() => outcome.transportError !== undefined);
      expect(outcome.transportError).toBe("ECONNREFUSED");
      expect(outcome.timedOut).toBeUndefined();
      expect(box.stack.transactions.clientCount).toBe(0);
    } finally {
      box.stack.close();
    }
  });
});
