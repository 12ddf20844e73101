import { beforeEach, describe, expect, test } from "bun:test";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { EventBus, type RegistrationEvent } from "../events/event-bus.ts";
import type { ExtensionAuth } from "../extensions/extension-types.ts";
import { DigestClient } from "../sip/auth/digest-client.ts";
import { ha1 } from "../sip/auth/digest-hash.ts";
import { DigestServer } from "../sip/auth/digest-server.ts";
import { SipStack } from "../sip/core/sip-stack.ts";
import type { SipResponse } from "../sip/message/message.ts";
import { parseDatagram } from "../sip/message/parser.ts";
import { LoopTransport } from "../sip/transport/loop-transport.ts";
import type { Flow } from "../sip/transport/transport.ts";
import { BanList } from "./ban-list.ts";
import { digestAuthenticator } from "./digest-authenticator.ts";
import { DEFAULT_LAN, parseCidr } from "./networks.ts";
import { Qualifier } from "./qualifier.ts";
import { Registrar } from "./registrar.ts";

const PASSWORD = "Pa55-word";

function extension(number: string, overrides: Partial<ExtensionAuth> = {}): ExtensionAuth {
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
    ...overrides,
  };
}

let clock: ManualClock;
let loop: LoopTransport;
let registrar: Registrar;
let events: RegistrationEvent[];
let directory: Map<string, ExtensionAuth>;
let stack: SipStack;
let bans: BanList;
let banEvents: string[];

beforeEach(() => {
  clock = new ManualClock();
  loop = new LoopTransport();
  directory = new Map([
    ["101", extension("101")],
    ["102", extension("102", { remoteExtension: true })],
  ]);
  const bus = new EventBus();
  events = [];
  bus.on("registration", (e) => events.push(e));
  banEvents = [];
  bus.on("ban", (e) => banEvents.push(`${e.address} ${e.reason}`));
  bans = new BanList(() => clock.now());
  stack = new SipStack({ clock });
  loop.sink = stack;
  stack.addTransport(loop);
  registrar = new Registrar({
    clock,
    directory: { lookup: (n) => directory.get(n) },
    auth: digestAuthenticator(new DigestServer({ realm: "pbx", clock, algorithms: ["MD5"] })),
    bans,
    events: bus,
    lan: DEFAULT_LAN.map((c) => parseCidr(c)!),
  });
  stack.on("REGISTER", registrar);
});

let cseq = 1;
function register(
  from: Flow,
  number: string,
  contact: string,
  extra: string[] = [],
  authorization?: string,
): SipResponse {
  const text = [
    "REGISTER sip:pbx SIP/2.0",
    `Via: SIP/2.0/UDP ${from.address}:${from.port};branch=z9hG4bK${Math.random().toString(36).slice(2)};rport`,
    `From: <sip:${number}@pbx>;tag=abc`,
    `To: <sip:${number}@pbx>`,
    `Call-ID: reg-${number}@${from.address}`,
    `CSeq: ${cseq++} REGISTER`,
    `Contact: ${contact}`,
    ...(authorization ? [`Authorization: ${authorization}`] : []),
    ...extra,
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  loop.deliver(text, from);
  const sent = loop.take().filter((s) => s.data.toString().startsWith("SIP/2.0"));
  const result = parseDatagram(sent[sent.length - 1]!.data);
  if (!result.ok || result.message.kind !== "response") throw new Error("no response");
  return result.message;
}

/** Challenge, then answer it, as a phone does. */
function registerWithAuth(
  from: Flow,
  number: string,
  contact: string,
  extra: string[] = [],
  password = PASSWORD,
): SipResponse {
  const challenge = register(from, number, contact, extra);
  expect(challenge.status).toBe(401);
  const client = new DigestClient({ username: number, password });
  const answer = client.respond(challenge.headers.getAll("www-authenticate"), {
    method: "REGISTER",
    uri: "sip:pbx",
  });
  if (!answer.ok) throw new Error(answer.error);
  return register(from, number, contact, extra, answer.value);
}

const lan: Flow = { protocol: "UDP", address: "192.168.1.20", port: 5062 };
const internet: Flow = { protocol: "UDP", address: "203.0.113.7", port: 40000 };

describe("Registrar", () => {
  test("binds a contact after the digest challenge, with the granted expiry", () => {
    const ok = registerWithAuth(lan, "101", "<sip:101@192.168.1.20:5062>", ["Expires: 3600"]);
    expect(ok.status).toBe(200);
    // The box grants at most the extension's registration expiry (120 s).
    expect(ok.headers.get("contact")).toBe("<sip:101@192.168.1.20:5062>;expires=120");
    expect(registrar.bindings.get("101")).toHaveLength(1);
    expect(events.map((e) => e.state)).toEqual(["registered"]);
  });

  test("refuses a registration from outside the LAN unless the extension is remote", () => {
    expect(registerWithAuth(internet, "101", "<sip:101@203.0.113.7:40000>").status).toBe(403);
    expect(registerWithAuth(internet, "102", "<sip:102@203.0.113.7:40000>").status).toBe(200);
  });

  test("keeps at most maxRegistrations contacts, replacing the oldest", () => {
    for (const port of [5001, 5002, 5003]) {
      registerWithAuth({ ...lan, port }, "101", `<sip:101@192.168.1.20:${port}>`);
    }
    expect(registrar.bindings.get("101").map((b) => b.uri)).toEqual([
      "sip:101@192.168.1.20:5002",
      "sip:101@192.168.1.20:5003",
    ]);
  });

  test("answers 423 with Min-Expires to a too-short expiry", () => {
    const brief = registerWithAuth(lan, "101", "<sip:101@192.168.1.20:5062>;expires=5");
    expect(brief.status).toBe(423);
    expect(brief.headers.get("min-expires")).toBe("30");
  });

  test("expires a binding that is not refreshed", () => {
    registerWithAuth(lan, "101", "<sip:101@192.168.1.20:5062>", ["Expires: 60"]);
    registrar.start();
    clock.advance(59_000);
    expect(registrar.bindings.get("101")).toHaveLength(1);
    clock.advance(2_000);
    expect(registrar.bindings.get("101")).toHaveLength(0);
    expect(events.map((e) => e.state)).toEqual(["registered", "expired"]);
    registrar.stop();
  });

  test("a wrong password gets 403 and binds nothing", () => {
    const refused = registerWithAuth(
      lan,
      "101",
      "<sip:101@192.168.1.20:5062>",
      [],
      "not-the-password",
    );
    expect(refused.status).toBe(403);
    expect(registrar.bindings.get("101")).toHaveLength(0);
  });

  test("a wrong password and an unknown extension get the very same answer", () => {
    const wrong = registerWithAuth(lan, "101", "<sip:101@192.168.1.20:5062>", [], "guess");
    const unknown = registerWithAuth(lan, "199", "<sip:199@192.168.1.20:5062>", [], "guess");
    const shape = (r: SipResponse) => ({
      status: r.status,
      reason: r.reason,
      headers: r.headers.names,
      body: r.body.length,
    });
    expect(shape(unknown)).toEqual(shape(wrong));
    expect(wrong.reason).toBe("Forbidden");
  });

  test("credentials made for another Request-URI are refused with 400", () => {
    const challenge = register(lan, "101", "<sip:101@192.168.1.20:5062>");
    const client = new DigestClient({ username: "101", password: PASSWORD });
    const answer = client.respond(challenge.headers.getAll("www-authenticate"), {
      method: "REGISTER",
      uri: "sip:other.example.com",
    });
    if (!answer.ok) throw new Error(answer.error);
    const refused = register(lan, "101", "<sip:101@192.168.1.20:5062>", [], answer.value);
    expect([refused.status, refused.reason]).toEqual([400, "Digest URI Mismatch"]);
    expect(registrar.bindings.get("101")).toHaveLength(0);
  });

  test("abuse reported by the transports counts toward the same ban as bad passwords", () => {
    for (let i = 0; i < 4; i++)
      registrar.penalize("198.51.100.9", "no message on a new connection");
    expect(bans.isBanned("198.51.100.9")).toBe(false);
    registrar.penalize("198.51.100.9", "no message on a new connection");
    expect(bans.isBanned("198.51.100.9")).toBe(true);
    expect(banEvents).toEqual(["198.51.100.9 no message on a new connection"]);
  });
});

describe("Qualifier", () => {
  test("an unanswered keepalive marks the contact unreachable; an answer brings it back", () => {
    registerWithAuth(lan, "101", "<sip:101@192.168.1.20:5062>", ["Expires: 120"]);
    const qualifier = new Qualifier({
      clock,
      stack,
      bindings: registrar.bindings,
      directory: { lookup: (n) => directory.get(n) },
      events: { emit: (e: RegistrationEvent) => events.push(e) } as unknown as EventBus,
      sentBy: () => "127.0.0.1:5060",
      intervalMs: 20_000,
    });
    qualifier.tick(); // schedules the first keepalive one interval after registering
    clock.advance(20_000);
    qualifier.tick();
    const options = loop.take().filter((s) => s.data.toString().startsWith("OPTIONS"));
    expect(options.length).toBeGreaterThanOrEqual(1);
    expect(options[0]!.to).toEqual(lan);
    clock.advance(32_000); // Timer F: no answer
    expect(registrar.bindings.get("101")[0]!.reachable).toBe(false);
    expect(events.at(-1)?.state).toBe("unreachable");

    clock.advance(20_000);
    qualifier.tick();
    // The newest OPTIONS: the first probe's retransmissions are still in the outbox.
    const probe = loop.take().findLast((s) => s.data.toString().startsWith("OPTIONS"))!;
    const request = parseDatagram(probe.data);
    if (!request.ok || request.message.kind !== "request") throw new Error("no OPTIONS");
    const via = request.message.headers.get("via")!;
    loop.deliver(
      `SIP/2.0 200 OK\r\nVia: ${via}\r\nFrom: ${request.message.headers.get("from")}\r\nTo: ${request.message.headers.get("to")};tag=p\r\nCall-ID: ${request.message.callId}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`,
      lan,
    );
    expect(registrar.bindings.get("101")[0]!.reachable).toBe(true);
    expect(events.at(-1)?.state).toBe("reachable");
  });
});
