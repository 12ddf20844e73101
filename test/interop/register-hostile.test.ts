// The running box against hostile or careless SIP peers, over real UDP sockets: what comes back
// is what an attacker (or a phone behind NAT) sees on the wire.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createAuthorization } from "../../firmware/sip/auth/digest-client.ts";
import type { SipResponse } from "../../firmware/sip/message/message.ts";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";
import { type RawPeer, udpPeer } from "../support/raw-sip.ts";

let pbx: RunningPbx;

beforeAll(async () => {
  pbx = await startPbx();
  const token = await pbx.adminToken();
  const response = await pbx.api("/api/v1/extensions", {
    method: "POST",
    token,
    body: JSON.stringify({ number: "101", sipPassword: "Secret-101x" }),
  });
  expect(response.status).toBe(201);
});

afterAll(async () => {
  await pbx.stop();
});

let serial = 0;
function request(
  peer: RawPeer,
  method: string,
  options: { uri?: string; user?: string; via?: string; extra?: string[] } = {},
): string {
  serial++;
  const user = options.user ?? "probe";
  const uri = options.uri ?? `sip:${user}@127.0.0.1:${pbx.ports.sip}`;
  return [
    `${method} ${uri} SIP/2.0`,
    options.via ?? `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bKhostile${serial}`,
    `From: <sip:${user}@127.0.0.1>;tag=t${serial}`,
    `To: <sip:${user}@127.0.0.1>`,
    `Call-ID: hostile-${serial}-${Date.now()}`,
    `CSeq: 1 ${method}`,
    "Max-Forwards: 70",
    ...(options.extra ?? []),
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

describe("RFC 3581 symmetric response routing", () => {
  test("an empty rport comes back filled with the source port, with received=", async () => {
    const peer = await udpPeer(pbx.ports.sip);
    // The phone believes it is 192.0.2.50:5060 (behind NAT); the box sees 127.0.0.1:<port>.
    peer.send(
      request(peer, "OPTIONS", {
        via: `Via: SIP/2.0/UDP 192.0.2.50:5060;rport;branch=z9hG4bKnat1`,
      }),
    );
    const ok = await peer.expect(200);
    expect(ok.headers.get("via")).toBe(
      `SIP/2.0/UDP 192.0.2.50:5060;received=127.0.0.1;rport=${peer.port};branch=z9hG4bKnat1`,
    );
    peer.close();
  });
});

describe("hostile messages get 400 and the box keeps serving", () => {
  const cases: [string, (peer: RawPeer) => Uint8Array | string][] = [
    ["a NUL byte in a header", (p) => request(p, "OPTIONS", { extra: ["Subject: a\0b"] })],
    [
      "a 60 KB header line",
      (p) => request(p, "OPTIONS", { extra: [`X-J: ${"a".repeat(60_000)}`] }),
    ],
    [
      "400 Via headers",
      (p) =>
        request(p, "OPTIONS", {
          extra: Array.from({ length: 400 }, (_, i) => `Via: SIP/2.0/UDP 10.0.1.${i % 250}`),
        }),
    ],
    [
      "an unterminated quote",
      (p) => request(p, "OPTIONS", { extra: ['Contact: "bob <sip:bob@192.0.2.1>'] }),
    ],
    [
      "invalid UTF-8 in a display name",
      (p) => {
        const [before, after] = request(p, "OPTIONS").split("From: ");
        return Buffer.concat([
          Buffer.from(`${before}From: "`),
          Buffer.from([0xc3, 0x28, 0xff]),
          Buffer.from(`" ${after}`),
        ]);
      },
    ],
  ];
  for (const [name, build] of cases) {
    test(name, async () => {
      const peer = await udpPeer(pbx.ports.sip);
      peer.send(build(peer));
      const answers = await peer.collect(400);
      expect(answers.map((r) => r.status)).toEqual([400]);
      peer.send(request(peer, "OPTIONS"));
      await peer.expect(200);
      peer.close();
    });
  }
});

/** Challenge, then answer with `password`, as a phone would; returns the final answer. */
async function registerWith(user: string, password: string): Promise<SipResponse> {
  const peer = await udpPeer(pbx.ports.sip);
  const uri = `sip:127.0.0.1:${pbx.ports.sip}`;
  peer.send(request(peer, "REGISTER", { uri, user }));
  const challenge = await peer.expect(401);
  const answer = createAuthorization(
    challenge.headers.get("www-authenticate")!,
    { username: user, password },
    { method: "REGISTER", uri },
  );
  if (!answer.ok) throw new Error(answer.error);
  peer.send(request(peer, "REGISTER", { uri, user, extra: [`Authorization: ${answer.value}`] }));
  const final = await peer.expect((r) => r.status >= 200);
  peer.close();
  return final;
}

test("a wrong password and an unknown extension look alike on the wire", async () => {
  const wrong = await registerWith("101", "guess-1");
  const unknown = await registerWith("199", "guess-2");
  expect(`${unknown.status} ${unknown.reason}`).toBe(`${wrong.status} ${wrong.reason}`);
  expect(wrong.status).toBe(403);
  expect(unknown.headers.names).toEqual(wrong.headers.names);
  // Lift the failures these cost the test host, so nothing else here gets banned.
  const token = await pbx.adminToken();
  await pbx.api("/api/v1/bans/127.0.0.1", { method: "DELETE", token });
});

test("an INVITE without credentials that never ACKs is answered once", async () => {
  const peer = await udpPeer(pbx.ports.sip);
  peer.send(request(peer, "INVITE", { user: "101" }));
  // Timer G would have retransmitted at 0.5 s and 1.5 s.
  const answers = await peer.collect(1800);
  expect(answers.filter((r) => r.status >= 200).map((r) => r.status)).toEqual([401]);
  peer.close();
});
