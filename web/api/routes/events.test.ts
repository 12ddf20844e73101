import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let admin: string;
beforeEach(async () => {
  t = await startTestApi();
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
  t.services.extensions.bulkAdd({ startNumber: "100", count: 3 });
});
afterEach(() => t.close());

const registration = (extension: string) => ({
  extension,
  contact: `sip:${extension}@192.0.2.50:5060`,
  source: "192.0.2.50:5060",
  transport: "UDP",
  userAgent: "test phone",
  expiresAtMs: t.clock.ms + 120_000,
});

/** Reads SSE messages from a streaming response until `count` named events arrived. */
async function readEvents(res: Response, count: number) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: string }[] = [];
  let buffer = "";
  while (events.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? "";
      if (event) events.push({ event, data });
      end = buffer.indexOf("\n\n");
    }
  }
  await reader.cancel();
  return events;
}

describe("/api/v1/connections and /api/v1/events", () => {
  test("connections lists every IP and analog extension with its state", async () => {
    t.registrations.push(registration("101"));
    const res = await t.call("GET", "/api/v1/connections", { token: admin });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      extensions: { number: string; state: string; kind: string }[];
    };
    expect(body.extensions.map((e) => [e.number, e.kind, e.state])).toEqual([
      ["100", "ip", "offline"],
      ["101", "ip", "online"],
      ["102", "ip", "offline"],
      ["801", "analog", "online"],
      ["802", "analog", "online"],
    ]);
  });

  test("connections says how many BLF keys watch each extension", async () => {
    const res = await t.call("GET", "/api/v1/connections", { token: admin });
    const body = (await res.json()) as { extensions: { number: string; watchers: number }[] };
    expect(Object.fromEntries(body.extensions.map((e) => [e.number, e.watchers]))).toEqual({
      "100": 3,
      "101": 0,
      "102": 0,
      "801": 0,
      "802": 0,
    });
  });

  test("the stream says ready, then each extension's new state as the bus reports it", async () => {
    const res = await t.call("GET", "/api/v1/events", { token: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/event-stream");
    const reading = readEvents(res, 4);
    await Bun.sleep(5);
    t.registrations.push(registration("100"));
    t.events.emit({
      type: "registration",
      extension: "100",
      state: "registered",
      contact: "",
      source: "",
      atMs: 0,
    });
    t.events.emit({
      type: "registration",
      extension: "100",
      state: "unreachable",
      contact: "",
      source: "",
      atMs: 0,
    });
    t.registrations.length = 0;
    t.events.emit({
      type: "registration",
      extension: "100",
      state: "expired",
      contact: "",
      source: "",
      atMs: 0,
    });
    const events = await reading;
    expect(events[0]!.event).toBe("ready");
    expect(events.slice(1).map((e) => JSON.parse(e.data))).toEqual([
      { number: "100", state: "online" },
      { number: "100", state: "offline" },
      { number: "100", state: "offline" },
    ]);
  });

  test("SPEC STAT-3: a trunk's registration state reaches the stream as `event: trunk`", async () => {
    const res = await t.call("GET", "/api/v1/events", { token: admin });
    const reading = readEvents(res, 3);
    await Bun.sleep(5);
    t.events.emit({ type: "trunk", trunkId: 3, name: "ChinaTel", state: "registered", atMs: 0 });
    t.events.emit({
      type: "trunk",
      trunkId: 3,
      name: "ChinaTel",
      state: "failed",
      reason: "403 Forbidden",
      atMs: 0,
    });
    const events = await reading;
    expect(events.slice(1).map((e) => [e.event, JSON.parse(e.data)])).toEqual([
      ["trunk", { id: 3, name: "ChinaTel", state: "registered" }],
      ["trunk", { id: 3, name: "ChinaTel", state: "failed", reason: "403 Forbidden" }],
    ]);
  });

  test("a closed stream stops listening to the bus", async () => {
    let listening = 0;
    const bus = t.events;
    t.services.events = {
      on(type, listener) {
        listening++;
        const off = bus.on(type, listener);
        return () => {
          listening--;
          off();
        };
      },
    };
    const res = await t.call("GET", "/api/v1/events", { token: admin });
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain("event: ready");
    // Registrations, extension states, trunk states and queues.
    expect(listening).toBe(4);
    await reader.cancel();
    for (let i = 0; i < 50 && listening > 0; i++) await Bun.sleep(2);
    expect(listening).toBe(0);
  });

  test("calls colour the tiles: busy caller, ringing callee, then back to online or offline", async () => {
    t.registrations.push(registration("100"), registration("101"));
    const res = await t.call("GET", "/api/v1/events", { token: admin });
    const reading = readEvents(res, 6);
    await Bun.sleep(5);
    const blf = (extension: string, state: "idle" | "ringing" | "busy") =>
      t.events.emit({ type: "extension-state", extension, state, atMs: 0 });
    blf("100", "busy");
    blf("101", "ringing");
    blf("101", "busy");
    t.registrations.length = 0;
    blf("100", "idle");
    blf("801", "idle");
    const events = await reading;
    expect(events.slice(1).map((e) => JSON.parse(e.data))).toEqual([
      { number: "100", state: "busy" },
      { number: "101", state: "ringing" },
      { number: "101", state: "busy" },
      { number: "100", state: "offline" },
      { number: "801", state: "online" },
    ]);
  });

  test("connections shows who is in a call: the caller busy, a ringing callee ringing", async () => {
    t.registrations.push(registration("100"), registration("101"), registration("102"));
    const leg = (extension: string, state: "calling" | "ringing" | "answered" | "ended") => ({
      id: `leg-${extension}`,
      kind: "sip" as const,
      extension,
      state,
      holding: false,
    });
    const call = (id: string, caller: string, legs: ReturnType<typeof leg>[]) => ({
      id,
      state: "ringing" as const,
      caller,
      callerName: "",
      callee: legs[1]?.extension ?? "",
      startedAtMs: 0,
      legs,
    });
    t.services.activeCalls = {
      list: () => [
        call("a", "100", [leg("100", "calling"), leg("101", "ringing")]),
        call("b", "802", [leg("802", "calling"), leg("102", "ended")]),
      ],
    };
    const res = await t.call("GET", "/api/v1/connections", { token: admin });
    const body = (await res.json()) as { extensions: { number: string; state: string }[] };
    expect(Object.fromEntries(body.extensions.map((e) => [e.number, e.state]))).toEqual({
      "100": "busy",
      "101": "ringing",
      "102": "online",
      "801": "online",
      "802": "busy",
    });
  });

  test("needs a staff session: 401 without one, 403 for billing", async () => {
    expect((await t.call("GET", "/api/v1/events")).status).toBe(401);
    expect((await t.call("GET", "/api/v1/connections")).status).toBe(401);
    const billing = await t.tokenFor("billing");
    expect((await t.call("GET", "/api/v1/events", { token: billing })).status).toBe(403);
    expect((await t.call("GET", "/api/v1/connections", { token: billing })).status).toBe(403);
  });

  test("a browser's cookie session opens the stream (EventSource sends no headers)", async () => {
    const session = await t.login("admin", ADMIN_PASSWORD);
    const res = await t.call("GET", "/api/v1/events", { cookie: session.cookie });
    expect(res.status).toBe(200);
    expect((await readEvents(res, 1))[0]!.event).toBe("ready");
  });
});
