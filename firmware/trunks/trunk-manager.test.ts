import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ManualClock } from "../../test/support/manual-clock.ts";
import type { OpenDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { EventBus, type TrunkEvent } from "../events/event-bus.ts";
import { DigestServer } from "../sip/auth/digest-server.ts";
import { SipStack } from "../sip/core/sip-stack.ts";
import type { SipRequest } from "../sip/message/message.ts";
import { parseDatagram } from "../sip/message/parser.ts";
import { createResponse } from "../sip/message/response.ts";
import { serialize } from "../sip/message/serializer.ts";
import { LoopTransport } from "../sip/transport/loop-transport.ts";
import type { Flow } from "../sip/transport/transport.ts";
import { TrunkManager } from "./trunk-manager.ts";
import { TrunkService } from "./trunk-service.ts";

let db: OpenDatabase;
let trunks: TrunkService;
let clock: ManualClock;
let loop: LoopTransport;
let manager: TrunkManager;
let events: TrunkEvent[];
const fxoBusy = new Set<number>();

beforeEach(() => {
  db = openTestDatabase();
  trunks = new TrunkService(db.db);
  clock = new ManualClock();
  loop = new LoopTransport("UDP", "192.0.2.1", 5060);
  const stack = new SipStack({ clock });
  loop.sink = stack;
  stack.addTransport(loop);
  const bus = new EventBus();
  events = [];
  bus.on("trunk", (e) => events.push(e));
  fxoBusy.clear();
  manager = new TrunkManager({
    clock,
    stack,
    trunks,
    events: bus,
    sentBy: () => "192.0.2.1:5060",
    resolve: async (host) =>
      host === "sip.provider.example" ? "198.51.100.7" : /^[\d.]+$/.test(host) ? host : undefined,
    fxoFree: (port) => !fxoBusy.has(port),
  });
});
afterEach(() => db.close());

const server = new DigestServer({
  realm: "provider",
  clock: new ManualClock(),
  algorithms: ["MD5"],
});

function requests(): { request: SipRequest; to: Flow }[] {
  return loop.take().flatMap((s) => {
    const parsed = parseDatagram(s.data);
    return parsed.ok && parsed.message.kind === "request"
      ? [{ request: parsed.message, to: s.to }]
      : [];
  });
}

/** A provider's registrar: challenge, then accept the right password. */
function answer({ request, to }: { request: SipRequest; to: Flow }) {
  const auth = request.headers.get("authorization");
  const ok =
    auth !== undefined &&
    server.verify(auth, { method: "REGISTER" }, () => ({ password: "s3cret-Pw" })).ok;
  const response = createResponse(request, ok ? 200 : 401, { toTag: "p" });
  if (ok) response.headers.add("contact", `${request.headers.get("contact")};expires=600`);
  else for (const c of server.challenge()) response.headers.add("www-authenticate", c);
  loop.deliver(serialize(response), to);
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("TrunkManager", () => {
  test("registers each enabled register trunk and reports it on the bus", async () => {
    const created = trunks.create({
      name: "ChinaTel",
      kind: "register",
      host: "sip.provider.example",
      username: "02188880000",
      authUsername: "auth-8888",
      password: "s3cret-Pw",
    });
    const trunk = created.ok ? created.value : undefined;
    manager.start();
    await settle();
    const [first] = requests();
    expect(first?.to).toMatchObject({ address: "198.51.100.7", port: 5060, protocol: "UDP" });
    expect(first?.request.uri).toBe("sip:sip.provider.example");
    expect(first?.request.headers.get("to")).toBe("<sip:02188880000@sip.provider.example>");
    answer(first!);
    const [second] = requests();
    expect(second?.request.headers.get("authorization")).toContain('username="auth-8888"');
    answer(second!);
    expect(events.map((e) => e.state)).toEqual(["registering", "registered"]);
    expect(manager.status(trunk!)).toMatchObject({ state: "registered", expiresS: 600, calls: 0 });
  });

  test("a changed trunk un-registers and registers anew; a disabled one stops", async () => {
    const created = trunks.create({
      name: "P",
      kind: "register",
      host: "198.51.100.8",
      username: "u1",
      password: "s3cret-Pw",
    });
    const id = created.ok ? created.value.id : 0;
    manager.start();
    await settle();
    answer(requests()[0]!);
    answer(requests()[0]!);
    trunks.update(id, { username: "u2" });
    const [removal] = requests();
    expect(removal?.request.headers.get("expires")).toBe("0");
    expect(removal?.request.headers.get("to")).toContain("sip:u1@");
    answer(removal!);
    await settle();
    const [fresh] = requests();
    expect(fresh?.request.headers.get("to")).toContain("sip:u2@");
    answer(fresh!);
    answer(requests()[0]!);
    expect(manager.status(trunks.get(id)!).state).toBe("registered");
    trunks.update(id, { enabled: false });
    answer(requests()[0]!);
    await settle();
    expect(manager.status(trunks.get(id)!).state).toBe("disabled");
    expect(events.at(-1)?.state).toBe("stopped");
  });

  test("an incoming call's trunk: peer by address, register trunk by its registrar's address, FXO port by group", async () => {
    const provider = trunks.create({
      name: "P",
      kind: "register",
      host: "sip.provider.example",
      username: "u",
      password: "p",
    });
    const peer = trunks.create({ name: "Branch", kind: "peer", host: "192.0.2.50" });
    const lines = trunks.create({ name: "Lines", kind: "analog", fxoPorts: [2, 3] });
    if (!provider.ok || !peer.ok || !lines.ok) throw new Error("setup");
    manager.start();
    await settle();
    expect(manager.trunkFrom("198.51.100.7")?.name).toBe("P");
    expect(manager.trunkFrom("192.0.2.50")?.name).toBe("Branch");
    expect(manager.trunkFrom("203.0.113.9")).toBeUndefined();
    expect(manager.analogTrunkOf(3)?.name).toBe("Lines");
    expect(manager.analogTrunkOf(1)).toBeUndefined();
  });

  test("a host that does not resolve is unreachable with the reason", async () => {
    const created = trunks.create({
      name: "X",
      kind: "register",
      host: "nowhere.invalid",
      username: "u",
      password: "p",
    });
    manager.start();
    await settle();
    expect(created.ok && manager.status(created.value)).toMatchObject({
      state: "unreachable",
      reason: "cannot resolve nowhere.invalid",
    });
  });

  test("channels: max concurrent calls per trunk; analog trunks take any free FXO line", () => {
    const voip = trunks.create({ name: "Peer", kind: "peer", host: "192.0.2.50", maxCalls: 2 });
    const lines = trunks.create({ name: "Lines", kind: "analog", fxoPorts: [1, 2, 3] });
    if (!voip.ok || !lines.ok) throw new Error("setup");
    const a = manager.acquire(voip.value.id);
    const b = manager.acquire(voip.value.id);
    expect(manager.acquire(voip.value.id)).toEqual({ ok: false, reason: "all-busy" });
    expect(manager.status(voip.value)).toMatchObject({ state: "peer", calls: 2 });
    if (a.ok) a.release();
    expect(manager.acquire(voip.value.id).ok).toBe(true);
    expect(b.ok).toBe(true);

    fxoBusy.add(1);
    const l1 = manager.acquire(lines.value.id);
    expect(l1).toMatchObject({ ok: true, fxoPort: 2 });
    expect(manager.acquire(lines.value.id)).toMatchObject({ ok: true, fxoPort: 3 });
    expect(manager.acquire(lines.value.id)).toEqual({ ok: false, reason: "all-busy" });
    if (l1.ok) l1.release();
    expect(manager.acquire(lines.value.id)).toMatchObject({ ok: true, fxoPort: 2 });
    expect(manager.acquire(999)).toEqual({ ok: false, reason: "unknown-trunk" });
  });
});
