// Registration over TLS (the box's first-boot certificate) and over WebSocket (RFC 7118,
// subprotocol "sip", as browser softphones use it), with digest authentication.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { DigestClient } from "../../firmware/sip/auth/digest-client.ts";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";
import { streamPeer } from "../support/raw-sip.ts";

let pbx: RunningPbx;
let token: string;

beforeAll(async () => {
  pbx = await startPbx();
  token = await pbx.adminToken();
  for (const number of ["301", "302"]) {
    const response = await pbx.api("/api/v1/extensions", {
      method: "POST",
      token,
      body: JSON.stringify({ number, sipPassword: `Pass-${number}x` }),
    });
    expect(response.status).toBe(201);
  }
});

afterAll(async () => {
  await pbx.stop();
});

function register(number: string, transport: string, cseq: number, authorization?: string): string {
  return [
    `REGISTER sip:127.0.0.1 SIP/2.0`,
    `Via: SIP/2.0/${transport} client.invalid;branch=z9hG4bK${transport}${cseq}${Date.now()}`,
    "Max-Forwards: 70",
    `From: <sip:${number}@127.0.0.1>;tag=t${number}`,
    `To: <sip:${number}@127.0.0.1>`,
    `Call-ID: ${transport}-${number}@client.invalid`,
    `CSeq: ${cseq} REGISTER`,
    `Contact: <sip:${number}@client.invalid;transport=${transport.toLowerCase()}>`,
    ...(authorization ? [`Authorization: ${authorization}`] : []),
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

function answer(number: string, challenge: string[]): string {
  const result = new DigestClient({ username: number, password: `Pass-${number}x` }).respond(
    challenge,
    {
      method: "REGISTER",
      uri: "sip:127.0.0.1",
    },
  );
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

async function registeredOver(number: string): Promise<string | undefined> {
  const response = await pbx.api("/api/v1/registrations", { token });
  const body = (await response.json()) as { items: { extension: string; transport: string }[] };
  return body.items.find((r) => r.extension === number)?.transport;
}

test("a phone registers over TLS", async () => {
  const phone = await streamPeer(pbx.ports.sipTls, true);
  phone.send(register("301", "TLS", 1));
  const challenge = await phone.expect(401);
  phone.send(
    register("301", "TLS", 2, answer("301", challenge.headers.getAll("www-authenticate"))),
  );
  await phone.expect(200);
  expect(await registeredOver("301")).toBe("TLS");
  phone.close();
});

test("a browser softphone registers over WebSocket", async () => {
  const socket = new WebSocket(`ws://127.0.0.1:${pbx.ports.sipWs}`, "sip");
  const inbox: string[] = [];
  socket.onmessage = (event) => inbox.push(String(event.data));
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  expect(socket.protocol).toBe("sip");
  const next = async (status: number) => {
    const deadline = Date.now() + 3000;
    for (;;) {
      const index = inbox.findIndex((m) => m.startsWith(`SIP/2.0 ${status} `));
      if (index >= 0) return inbox.splice(index, 1)[0]!;
      if (Date.now() > deadline) throw new Error(`no ${status}; got ${inbox.join("\n---\n")}`);
      await Bun.sleep(10);
    }
  };
  socket.send(register("302", "WS", 1));
  const challenge = await next(401);
  const header = /^WWW-Authenticate: (.*)$/im.exec(challenge)![1]!;
  socket.send(register("302", "WS", 2, answer("302", [header])));
  await next(200);
  expect(await registeredOver("302")).toBe("WS");
  socket.close();
});

test("a WebSocket without the sip subprotocol is refused", async () => {
  const response = await fetch(`http://127.0.0.1:${pbx.ports.sipWs}/`, {
    headers: {
      upgrade: "websocket",
      connection: "Upgrade",
      "sec-websocket-version": "13",
      "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
    },
  });
  expect(response.status).toBe(400);
});
