// The relay with its sockets in Bun workers (the box's configuration), on the real clock.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { pcma } from "../../media/codec/pcma.ts";
import { pcmu } from "../../media/codec/pcmu.ts";
import { sine } from "../../media/codec/signal.ts";
import { encodeTelephoneEvent } from "../../media/rtp/telephone-event.ts";
import { systemClock } from "../system-clock.ts";
import { FakePhone, joinPcm, toneDominance, until } from "./fake-phone.test-helper.ts";
import { MediaRelay } from "./media-relay.ts";
import type { RelaySession, TelephoneEventNotice } from "./relay-session.ts";

let relay: MediaRelay;

beforeAll(() => {
  const min = 20000 + 2 * Math.floor(Math.random() * 10000);
  relay = new MediaRelay({
    rtpPorts: { min, max: min + 199 },
    bind: "127.0.0.1",
    workers: 2,
    clock: systemClock,
  });
});

afterAll(async () => {
  await relay.close();
});

async function call(
  codecA: { payloadType: number; name: string },
  codecB: { payloadType: number; name: string },
  onTelephoneEvent?: (notice: TelephoneEventNotice) => void,
): Promise<{ session: RelaySession; alice: FakePhone; bob: FakePhone }> {
  const created = await relay.createSession(
    onTelephoneEvent ? { onTelephoneEvent: (_side, n) => onTelephoneEvent(n) } : {},
  );
  if (!created.ok) throw new Error(created.error);
  const session = created.session;
  const alice = await FakePhone.open(0xa1);
  const bob = await FakePhone.open(0xb1);
  await session.a.setRemote({ address: "127.0.0.1", port: alice.port });
  await session.b.setRemote({ address: "127.0.0.1", port: bob.port });
  await session.a.setCodec({ ...codecA, clockRateHz: 8000, telephoneEventPt: 101 });
  await session.b.setCodec({ ...codecB, clockRateHz: 8000, telephoneEventPt: 100 });
  return { session, alice, bob };
}

/** Threads of this process named as Bun names a worker's. */
function workerThreads(): number {
  return readdirSync("/proc/self/task").filter((task) => {
    try {
      return readFileSync(`/proc/self/task/${task}/comm`, "utf8").trim() === "Worker";
    } catch {
      return false;
    }
  }).length;
}

describe("MediaRelay in workers", () => {
  test("starts a worker only when a call is placed on it", async () => {
    const before = workerThreads();
    const min = 20000 + 2 * Math.floor(Math.random() * 10000);
    const idle = new MediaRelay({
      rtpPorts: { min, max: min + 99 },
      bind: "127.0.0.1",
      workers: 2,
      clock: systemClock,
    });
    expect(idle.startedThreads).toBe(0);
    await Bun.sleep(100);
    expect(workerThreads()).toBe(before);
    const created = await idle.createSession();
    if (!created.ok) throw new Error(created.error);
    expect(idle.startedThreads).toBe(1);
    expect(workerThreads()).toBe(before + 1);
    await created.session.close();
    await idle.close();
  });

  test("spreads sessions over the workers and forwards both ways", async () => {
    const calls = await Promise.all([0, 1, 2, 3].map(() => call(pcmu, pcmu)));
    for (const { session, alice, bob } of calls) {
      for (let i = 0; i < 3; i++) {
        alice.send(session.a.localPort, 0, new Uint8Array(160).fill(i));
        bob.send(session.b.localPort, 0, new Uint8Array(160).fill(0x80 + i));
      }
    }
    for (const { session, alice, bob } of calls) {
      await until(() => alice.received.length === 3 && bob.received.length === 3);
      expect(bob.received.map((r) => r.packet.payload[0])).toEqual([0, 1, 2]);
      expect(bob.received[0]!.packet.ssrc).not.toBe(alice.ssrc);
      expect(await session.b.stats()).toMatchObject({ packetsIn: 3, packetsOut: 3 });
      await session.close();
      alice.close();
      bob.close();
    }
    expect(relay.sessionCount).toBe(0);
  });

  test("latches a NATed phone, transcodes PCMU to PCMA, maps events, listens", async () => {
    const notices: TelephoneEventNotice[] = [];
    const { session, alice, bob } = await call(pcmu, pcma, (n) => notices.push(n));
    const nat = await FakePhone.open(0xa2);
    const heard: Int16Array[] = [];
    session.a.listen((pcm) => heard.push(pcm));
    // A round trip to the worker: the listen command is in place before the first packet.
    await session.a.stats();
    const encoder = pcmu.create();
    const tone = sine(1000, -10, 8000, 160 * 10);
    for (let i = 0; i < 10; i++) {
      nat.send(session.a.localPort, 0, encoder.encode(tone.subarray(i * 160, (i + 1) * 160)));
    }
    await until(() => bob.received.length === 10 && heard.length === 10);
    expect(bob.received.every((r) => r.packet.payloadType === 8)).toBe(true);
    const decoder = pcma.create();
    const atBob = joinPcm(bob.received.slice(1).map((r) => decoder.decode(r.packet.payload)));
    expect(toneDominance(atBob, 8000, 1000, [500, 2000])).toBeGreaterThan(1000);
    bob.send(
      session.b.localPort,
      100,
      encodeTelephoneEvent({ event: 11, end: true, volume: 10, duration: 800 }),
    );
    await until(() => nat.received.length === 1 && notices.length === 2);
    expect(nat.received[0]!.packet.payloadType).toBe(101);
    expect(alice.received.length).toBe(0);
    expect(notices[1]).toEqual({ kind: "end", event: 11, durationMs: 100 });
    await session.close();
    for (const phone of [alice, bob, nat]) phone.close();
  });

  test("plays frames from the main thread to a leg", async () => {
    const { session, alice, bob } = await call(pcmu, pcmu);
    let left = 5;
    const source = { nextFrame: () => (left-- > 0 ? sine(440, -10, 8000, 160) : undefined) };
    await session.b.play(source).done;
    await until(() => bob.received.length === 5);
    const seqs = bob.received.map((r) => r.packet.sequenceNumber);
    expect(seqs.map((s) => (s - seqs[0]!) & 0xffff)).toEqual([0, 1, 2, 3, 4]);
    await session.close();
    alice.close();
    bob.close();
  });
});
