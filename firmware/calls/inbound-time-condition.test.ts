// SPEC ROUTE-4 time conditions, in process over real UDP sockets on 127.0.0.1: the engine and
// the SIP stack run on a hand-driven clock, the trunk, route, IVR and time condition are
// stored in a real SQLite database, and a raw UDP peer plays the carrier on a peer trunk. At
// 17:59 on a Friday in Shanghai the route's time condition rings extension 101 (another raw
// UDP socket); once the clock passes 18:00 the same route sends the call to the IVR, which
// answers it while 101 stays silent.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { ManualClock } from "../../test/support/manual-clock.ts";
import type { OpenDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { EventBus } from "../events/event-bus.ts";
import { BanList } from "../registrar/ban-list.ts";
import { BindingStore } from "../registrar/binding-store.ts";
import { digestAuthenticator } from "../registrar/digest-authenticator.ts";
import { InboundRouteService } from "../routes/inbound-route-service.ts";
import { IvrService } from "../routes/ivr-service.ts";
import { TimeConditionService } from "../routes/time-condition-service.ts";
import { DigestServer } from "../sip/auth/digest-server.ts";
import { SipStack } from "../sip/core/sip-stack.ts";
import { UdpTransport } from "../sip/transport/udp-transport.ts";
import { TrunkService } from "../trunks/trunk-service.ts";
import { extension, fakeMediaPort, sdp } from "./call-engine.test-helper.ts";
import { CallEngine } from "./call-engine.ts";
import { inboundCalls } from "./inbound-calls.ts";
import { CallRouter } from "./routing/call-router.ts";

/** Friday 2026-12-04 17:59:00 in Shanghai (UTC+8). */
const FRIDAY_1759_MS = Date.UTC(2026, 11, 4, 9, 59, 0);

interface Peer {
  port: number;
  received: string[];
  send(text: string, port: number): void;
  close(): void;
}

async function udpPeer(): Promise<Peer> {
  const received: string[] = [];
  const socket = await Bun.udpSocket({
    hostname: "127.0.0.1",
    socket: { data: (_s, data) => void received.push(Buffer.from(data).toString()) },
  });
  return {
    port: socket.port,
    received,
    send: (text, port) => void socket.send(text.replaceAll(/\r?\n/g, "\r\n"), port, "127.0.0.1"),
    close: () => socket.close(),
  };
}

async function waitFor(peer: Peer, pattern: RegExp, ms = 3000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = peer.received.find((m) => pattern.test(m));
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`no ${pattern}; got:\n${peer.received.map((m) => m.split("\r\n")[0])}`);
    await Bun.sleep(10);
  }
}

let db: OpenDatabase;
let stack: SipStack;
let engine: CallEngine;
let carrier: Peer;
let phone: Peer;
let sipPort: number;
const clock = new ManualClock(FRIDAY_1759_MS);

beforeEach(async () => {
  db = openTestDatabase();
  carrier = await udpPeer();
  phone = await udpPeer();
  const trunks = new TrunkService(db.db);
  const trunk = trunks.create({ name: "Carrier", kind: "peer", host: "127.0.0.1" });
  if (!trunk.ok) throw new Error(trunk.error.message);
  const ivrs = new IvrService(db.db, { has: (name) => name === "ivr/welcome" });
  const ivr = ivrs.create({ name: "Closed", prompt: "ivr/welcome", keys: ["1=extension:101"] });
  if (!ivr.ok) throw new Error(ivr.error.message);
  const times = new TimeConditionService(db.db, () => "Asia/Shanghai");
  const office = times.create({
    name: "Office",
    weekly: ["mon-fri 09:00-18:00"],
    matched: "extension:101",
    unmatched: `ivr:${ivr.value.id}`,
  });
  if (!office.ok) throw new Error(office.error.message);
  const routes = new InboundRouteService(db.db, trunks);
  const route = routes.create({
    name: "Main number",
    trunk: "Carrier",
    didPattern: "02161234567",
    destination: `time-condition:${office.value.id}`,
  });
  if (!route.ok) throw new Error(route.error.message);

  stack = new SipStack({ clock });
  const transport = await UdpTransport.listen("127.0.0.1", 0, stack);
  stack.addTransport(transport);
  sipPort = transport.local.port;
  const bindings = new BindingStore();
  bindings.upsert(
    {
      extension: "101",
      uri: `sip:101@127.0.0.1:${phone.port}`,
      params: new Map(),
      expiresAtMs: clock.now() + 3_600_000,
      callId: "reg-101",
      cseq: 1,
      flow: { protocol: "UDP", address: "127.0.0.1", port: phone.port },
      registeredAtMs: clock.now(),
      reachable: true,
    },
    5,
  );
  const directory = new Map([["101", extension("101")]]);
  const router = new CallRouter({ lookupIp: (n) => directory.get(n) });
  const inbound = inboundCalls(router, {
    clock,
    bindings,
    clip: () => new Int16Array(800),
    inboundExtension: () => "101",
    sources: {
      trunkFrom: (address) => trunks.matchPeer(address),
      analogTrunkOf: () => undefined,
      routes: () => routes.list(),
      ivr: (id) => ivrs.get(id),
      timeCondition: (id, atMs) => times.evaluate(id, atMs),
      log: () => {},
    },
  });
  engine = new CallEngine({
    clock,
    sip: stack,
    directory: { lookup: (n) => directory.get(n) },
    bindings,
    auth: digestAuthenticator(new DigestServer({ realm: "pbx", clock, algorithms: ["MD5"] })),
    bans: new BanList(() => clock.now()),
    events: new EventBus(),
    media: fakeMediaPort(),
    local: () => ({
      sentBy: `127.0.0.1:${sipPort}`,
      contact: `<sip:pbx@127.0.0.1:${sipPort}>`,
    }),
    domain: "127.0.0.1",
    router,
    applications: inbound.applications,
  });
  stack.on("INVITE", inbound.invites(engine));
  stack.on("BYE", engine.inDialog);
  stack.onAck = (ack) => engine.ack(ack);
  stack.onCancel = (invite) => engine.cancel(invite);
});

afterEach(() => {
  engine.close();
  stack.close();
  carrier.close();
  phone.close();
  db.close();
});

let callSeq = 0;

/** 486 Busy Here from the phone to the box's INVITE (RFC 3261 §8.2.6.2 copies). */
function busy(invite: string): string {
  const lines = invite.split("\r\n");
  const copied = lines.filter((l) => /^(via|from|call-id|cseq):/i.test(l));
  const to = lines.find((l) => /^to:/i.test(l))!;
  return ["SIP/2.0 486 Busy Here", ...copied, `${to};tag=phone1`, "Content-Length: 0", "", ""].join(
    "\r\n",
  );
}

function carrierCalls(): string {
  const callId = `tc-${callSeq++}@carrier`;
  const body = sdp(7000, "8 101");
  carrier.send(
    [
      `INVITE sip:02161234567@127.0.0.1:${sipPort} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${carrier.port};branch=z9hG4bK${callId.replace(/\W/g, "")};rport`,
      "Max-Forwards: 70",
      `From: <sip:13800138000@127.0.0.1>;tag=c${callSeq}`,
      "To: <sip:02161234567@127.0.0.1>",
      `Call-ID: ${callId}`,
      "CSeq: 1 INVITE",
      `Contact: <sip:13800138000@127.0.0.1:${carrier.port}>`,
      "Content-Type: application/sdp",
      `Content-Length: ${Buffer.byteLength(body)}`,
      "",
      body,
    ].join("\r\n"),
    sipPort,
  );
  return callId;
}

test("a time condition switches the destination when the clock passes closing time", async () => {
  const open = carrierCalls();
  const invite = await waitFor(phone, /^INVITE sip:101@/);
  expect(invite).toContain("13800138000");
  expect(carrier.received.some((m) => m.includes(open) && /^SIP\/2\.0 401/.test(m))).toBe(false);
  phone.send(busy(invite), sipPort);
  await waitFor(carrier, /^SIP\/2\.0 486/);
  phone.received.length = 0;

  clock.advance(90_000); // 18:00:30: closed
  const closed = carrierCalls();
  const ok = await waitFor(carrier, new RegExp(`^SIP/2\\.0 200 [^]*${closed.replace(".", "\\.")}`));
  expect(ok).toContain("application/sdp");
  expect(engine.calls()[0]?.legs.map((l) => l.extension)).toEqual(["13800138000", "ivr:1"]);
  await Bun.sleep(100);
  expect(phone.received.some((m) => m.startsWith("INVITE"))).toBe(false);
});
