// INVITE authentication as a caller and an eavesdropper see it: the box's real SIP stack and
// digest server on an in-memory transport, time driven by hand.

import { beforeEach, describe, expect, test } from "bun:test";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { EventBus } from "../events/event-bus.ts";
import type { ExtensionAuth } from "../extensions/extension-types.ts";
import { BanList } from "../registrar/ban-list.ts";
import { digestAuthenticator } from "../registrar/digest-authenticator.ts";
import { createAuthorization } from "../sip/auth/digest-client.ts";
import { ha1 } from "../sip/auth/digest-hash.ts";
import { DigestServer } from "../sip/auth/digest-server.ts";
import { SipStack } from "../sip/core/sip-stack.ts";
import type { SipResponse } from "../sip/message/message.ts";
import { parseDatagram } from "../sip/message/parser.ts";
import { TIMEOUT_64T1_MS } from "../sip/transaction/timer-values.ts";
import { LoopTransport } from "../sip/transport/loop-transport.ts";
import type { Flow } from "../sip/transport/transport.ts";
import { authenticateInvite } from "./invite-auth.ts";

const PASSWORD = "Pa55-word";

function extension(number: string): ExtensionAuth {
  return {
    number,
    displayName: "",
    ha1Md5: ha1(number, "pbx", PASSWORD, "MD5"),
    ha1Sha256: ha1(number, "pbx", PASSWORD, "SHA-256"),
    maxRegistrations: 2,
    registrationExpiryS: 120,
    remoteExtension: false,
    qualify: true,
    codecs: ["PCMU"],
    dtmfMode: "rfc4733",
    outboundCallerId: "",
    recording: "none",
  };
}

const phone: Flow = { protocol: "UDP", address: "192.168.1.20", port: 5062 };
const attacker: Flow = { protocol: "UDP", address: "192.168.1.66", port: 5062 };

let clock: ManualClock;
let loop: LoopTransport;
/** Numbers the box agreed to call, in order. */
let placed: string[];

beforeEach(() => {
  clock = new ManualClock();
  loop = new LoopTransport();
  placed = [];
  const stack = new SipStack({ clock });
  loop.sink = stack;
  stack.addTransport(loop);
  const directory = new Map([["101", extension("101")]]);
  const options = {
    auth: digestAuthenticator(new DigestServer({ realm: "pbx", clock, algorithms: ["MD5"] })),
    directory: { lookup: (n: string) => directory.get(n) },
    bans: new BanList(() => clock.now()),
    events: new EventBus(),
    clock,
  };
  stack.on("INVITE", {
    handle(incoming) {
      if (!authenticateInvite(incoming, "101", options)) return;
      placed.push(incoming.request.uri);
      incoming.respond(486);
    },
  });
});

let serial = 0;
function invite(from: Flow, uri: string, authorization?: string): void {
  serial++;
  loop.deliver(
    [
      `INVITE ${uri} SIP/2.0`,
      `Via: SIP/2.0/UDP ${from.address}:${from.port};branch=z9hG4bKinv${serial}`,
      "From: <sip:101@pbx>;tag=caller",
      `To: <${uri}>`,
      `Call-ID: call-${serial}@${from.address}`,
      "CSeq: 1 INVITE",
      "Max-Forwards: 70",
      ...(authorization ? [`Authorization: ${authorization}`] : []),
      "Content-Length: 0",
      "",
      "",
    ].join("\r\n"),
    from,
  );
}

function finals(): SipResponse[] {
  return loop
    .take()
    .map((s) => parseDatagram(s.data))
    .flatMap((r) => (r.ok && r.message.kind === "response" ? [r.message] : []))
    .filter((r) => r.status >= 200);
}

/** The phone's INVITE to `uri`, challenged then authorized; returns its Authorization. */
function authorizedCall(uri: string, withQop: boolean): string {
  invite(phone, uri);
  const [challenge] = finals();
  expect(challenge?.status).toBe(401);
  let offered = challenge!.headers.get("www-authenticate")!;
  // An older phone answers in RFC 2069 form, without qop.
  if (!withQop) offered = offered.replace(/, qop="auth"/, "");
  const answer = createAuthorization(
    offered,
    { username: "101", password: PASSWORD },
    { method: "INVITE", uri },
  );
  if (!answer.ok) throw new Error(answer.error);
  invite(phone, uri, answer.value);
  expect(finals().map((r) => r.status)).toEqual([486]);
  return answer.value;
}

describe("INVITE authentication", () => {
  for (const withQop of [true, false]) {
    test(`a recorded Authorization (${withQop ? "qop=auth" : "no qop"}) places no call`, () => {
      const recorded = authorizedCall("sip:102@pbx", withQop);
      expect(placed).toEqual(["sip:102@pbx"]);
      // The eavesdropper sends the captured credentials to an outside number...
      invite(attacker, "sip:900861012345@pbx", recorded);
      expect(finals().map((r) => [r.status, r.reason])).toEqual([[400, "Digest URI Mismatch"]]);
      // ...and to the very same number again.
      invite(attacker, "sip:102@pbx", recorded);
      expect(finals().map((r) => r.status)).toEqual([401]);
      expect(placed).toEqual(["sip:102@pbx"]);
    });
  }

  test("an INVITE without credentials that never ACKs gets one 401, not a Timer G series", () => {
    invite(attacker, "sip:102@pbx");
    clock.advance(TIMEOUT_64T1_MS + 1000);
    const answers = finals();
    expect(answers.map((r) => r.status)).toEqual([401]);
  });

  test("a wrong password is 403 Forbidden, as on REGISTER", () => {
    invite(phone, "sip:102@pbx");
    const [challenge] = finals();
    const answer = createAuthorization(
      challenge!.headers.get("www-authenticate")!,
      { username: "101", password: "guess" },
      { method: "INVITE", uri: "sip:102@pbx" },
    );
    if (!answer.ok) throw new Error(answer.error);
    invite(phone, "sip:102@pbx", answer.value);
    expect(finals().map((r) => [r.status, r.reason])).toEqual([[403, "Forbidden"]]);
  });
});
