// The box speaking on a leg (play) and hearing it (listen), on a manual clock.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { g722 } from "../../media/codec/g722.ts";
import { pcmu } from "../../media/codec/pcmu.ts";
import { sine } from "../../media/codec/signal.ts";
import { PromptPlayer } from "../../media/play/prompt-player.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import {
  FakePhone,
  joinPcm,
  settle,
  toneDominance,
  until,
  zeroCrossingHz,
} from "./fake-phone.test-helper.ts";
import { MediaRelay } from "./media-relay.ts";
import type { RelaySession } from "./relay-session.ts";

let clock: ManualClock;
let relay: MediaRelay;
let session: RelaySession;
let alice: FakePhone;
let bob: FakePhone;

beforeEach(async () => {
  clock = new ManualClock();
  const min = 20000 + 2 * Math.floor(Math.random() * 10000);
  relay = new MediaRelay({
    rtpPorts: { min, max: min + 99 },
    bind: "127.0.0.1",
    workers: 0,
    clock,
  });
  const created = await relay.createSession();
  if (!created.ok) throw new Error(created.error);
  session = created.session;
  alice = await FakePhone.open(0xa1);
  bob = await FakePhone.open(0xb1);
  await session.a.setRemote({ address: "127.0.0.1", port: alice.port });
  await session.b.setRemote({ address: "127.0.0.1", port: bob.port });
  await session.a.setCodec({ payloadType: 0, name: "PCMU", clockRateHz: 8000 });
  await session.b.setCodec({ payloadType: 0, name: "PCMU", clockRateHz: 8000 });
});

afterEach(async () => {
  alice.close();
  bob.close();
  await relay.close();
});

describe("MediaRelay taps", () => {
  test("play speaks a source to one leg every 20 ms instead of the other leg's audio", async () => {
    alice.send(session.a.localPort, 0, new Uint8Array(160).fill(0x11));
    await until(() => bob.received.length === 1);
    const prompt = new PromptPlayer([sine(440, -10, 8000, 1600)]);
    const playing = session.b.play(prompt);
    for (let i = 0; i < 9; i++) {
      clock.advance(20);
      // Alice keeps talking, but Bob hears the prompt.
      alice.send(session.a.localPort, 0, new Uint8Array(160).fill(0x22));
    }
    await until(() => bob.received.length === 11);
    await settle();
    expect((await session.a.stats()).packetsIn).toBe(10);
    clock.advance(20);
    await playing.done;
    const played = bob.received.slice(1, 11).map((r) => r.packet);
    expect(played.every((p) => p.payload[0] !== 0x22)).toBe(true);
    const pcm = joinPcm(played.map((p) => pcmu.create().decode(p.payload)));
    expect(Math.abs(zeroCrossingHz(pcm, 8000) - 440)).toBeLessThan(10);
    expect(played[0]!.marker).toBe(true);
    expect((played[1]!.timestamp - played[0]!.timestamp) >>> 0).toBe(160);
    // When the prompt ends, Alice is heard again on the same stream.
    alice.send(session.a.localPort, 0, new Uint8Array(160).fill(0x33));
    await until(() => bob.received.length === 12);
    const all = bob.received.map((r) => r.packet);
    expect(all[11]!.payload[0]).toBe(0x33);
    expect(new Set(all.map((p) => p.ssrc)).size).toBe(1);
    const first = all[0]!.sequenceNumber;
    expect(all.map((p) => (p.sequenceNumber - first) & 0xffff)).toEqual(
      Array.from({ length: 12 }, (_, i) => i),
    );
  });

  test("stopping a play resumes forwarding at once", async () => {
    const endless = { nextFrame: () => new Int16Array(160) };
    const playing = session.b.play(endless);
    clock.advance(40);
    playing.stop();
    await playing.done;
    await until(() => bob.received.length === 3);
    alice.send(session.a.localPort, 0, new Uint8Array(160).fill(0x44));
    await until(() => bob.received.length === 4);
    expect(bob.received[3]!.packet.payload[0]).toBe(0x44);
  });

  test("listen hears a leg decoded to 8 kHz frames, also from a G.722 leg", async () => {
    const frames: Int16Array[] = [];
    const stop = session.a.listen((pcm) => frames.push(pcm));
    const encoder = pcmu.create();
    const tone = sine(1000, -10, 8000, 160 * 5);
    for (let i = 0; i < 5; i++) {
      alice.send(session.a.localPort, 0, encoder.encode(tone.subarray(i * 160, (i + 1) * 160)));
    }
    await until(() => frames.length === 5);
    expect(frames.every((f) => f.length === 160)).toBe(true);
    expect(toneDominance(joinPcm(frames), 8000, 1000, [500, 2000])).toBeGreaterThan(1000);
    stop();
    alice.send(session.a.localPort, 0, encoder.encode(tone.subarray(0, 160)));
    await settle();
    expect(frames.length).toBe(5);

    await session.b.setCodec({ payloadType: 9, name: "G722", clockRateHz: 8000 });
    const wide: Int16Array[] = [];
    session.b.listen((pcm) => wide.push(pcm));
    const g722Encoder = g722.create();
    const wideTone = sine(1200, -10, 16000, 320 * 10);
    for (let i = 0; i < 10; i++) {
      bob.send(
        session.b.localPort,
        9,
        g722Encoder.encode(wideTone.subarray(i * 320, (i + 1) * 320)),
      );
    }
    await until(() => wide.length === 10);
    expect(wide.every((f) => f.length === 160)).toBe(true);
    const heard = joinPcm(wide.slice(2));
    expect(Math.abs(zeroCrossingHz(heard, 8000) - 1200)).toBeLessThan(30);
  });
});
