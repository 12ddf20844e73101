// Legs with different codecs: tone in on one leg, the same tone out on the other.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { CodecFactory } from "../../media/codec/codec.ts";
import { g722 } from "../../media/codec/g722.ts";
import { pcma } from "../../media/codec/pcma.ts";
import { pcmu } from "../../media/codec/pcmu.ts";
import { sine } from "../../media/codec/signal.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import {
  FakePhone,
  joinPcm,
  toneDominance,
  until,
  zeroCrossingHz,
} from "./fake-phone.test-helper.ts";
import { MediaRelay } from "./media-relay.ts";
import type { RelaySession } from "./relay-session.ts";

let relay: MediaRelay;
let session: RelaySession;
let alice: FakePhone;
let bob: FakePhone;

beforeEach(async () => {
  const min = 20000 + 2 * Math.floor(Math.random() * 10000);
  relay = new MediaRelay({
    rtpPorts: { min, max: min + 99 },
    bind: "127.0.0.1",
    workers: 0,
    clock: new ManualClock(),
  });
  const created = await relay.createSession();
  if (!created.ok) throw new Error(created.error);
  session = created.session;
  alice = await FakePhone.open(0xa1);
  bob = await FakePhone.open(0xb1);
  await session.a.setRemote({ address: "127.0.0.1", port: alice.port });
  await session.b.setRemote({ address: "127.0.0.1", port: bob.port });
});

afterEach(async () => {
  alice.close();
  bob.close();
  await relay.close();
});

const FRAMES = 25;

/** Sends FRAMES 20 ms frames of a tone from `phone` in codec `from` to the relay's `port`. */
function sendTone(phone: FakePhone, port: number, from: CodecFactory, freqHz: number): void {
  const encoder = from.create();
  const pcm = sine(freqHz, -10, from.sampleRateHz, from.frameSamples * FRAMES);
  for (let i = 0; i < FRAMES; i++) {
    const frame = pcm.subarray(i * from.frameSamples, (i + 1) * from.frameSamples);
    phone.send(port, from.payloadType, encoder.encode(frame));
  }
}

/** What `phone` heard, decoded with `codec`, without the first frame (codec settling). */
async function heard(phone: FakePhone, codec: CodecFactory): Promise<Int16Array> {
  await until(() => phone.received.length === FRAMES);
  const decoder = codec.create();
  const packets = phone.received.map((r) => r.packet);
  expect(packets.every((p) => p.payloadType === codec.payloadType)).toBe(true);
  const first = packets[0]!.sequenceNumber;
  expect(packets.map((p) => (p.sequenceNumber - first) & 0xffff)).toEqual(
    Array.from({ length: FRAMES }, (_, i) => i),
  );
  return joinPcm(packets.slice(1).map((p) => decoder.decode(p.payload)));
}

function expectTone(pcm: Int16Array, rateHz: number, freqHz: number): void {
  expect(Math.abs(zeroCrossingHz(pcm, rateHz) - freqHz)).toBeLessThan(freqHz * 0.02);
  expect(
    toneDominance(pcm, rateHz, freqHz, [freqHz / 2, freqHz * 1.5, freqHz * 2]),
  ).toBeGreaterThan(1000);
}

describe("MediaRelay transcoding", () => {
  test("PCMU <-> PCMA", async () => {
    await session.a.setCodec({ payloadType: 0, name: "PCMU", clockRateHz: 8000 });
    await session.b.setCodec({ payloadType: 8, name: "PCMA", clockRateHz: 8000 });
    sendTone(alice, session.a.localPort, pcmu, 1000);
    sendTone(bob, session.b.localPort, pcma, 700);
    expectTone(await heard(bob, pcma), 8000, 1000);
    expectTone(await heard(alice, pcmu), 8000, 700);
  });

  test("PCMU <-> G.722, wideband on one leg", async () => {
    await session.a.setCodec({ payloadType: 0, name: "PCMU", clockRateHz: 8000 });
    await session.b.setCodec({ payloadType: 9, name: "G722", clockRateHz: 8000 });
    sendTone(alice, session.a.localPort, pcmu, 1000);
    sendTone(bob, session.b.localPort, g722, 1500);
    const atBob = await heard(bob, g722);
    expectTone(atBob.subarray(320), 16000, 1000);
    expectTone(await heard(alice, pcmu), 8000, 1500);
    // G.722 keeps an 8 kHz RTP clock (RFC 3551 4.5.2): 160 units per 20 ms on both legs.
    const ts = bob.received.map((r) => r.packet.timestamp);
    expect((ts[1]! - ts[0]!) >>> 0).toBe(160);
  });

  test("a codec the box cannot decode is forwarded between legs that both use it", async () => {
    await session.a.setCodec({ payloadType: 18, name: "G729", clockRateHz: 8000 });
    await session.b.setCodec({ payloadType: 18, name: "G729", clockRateHz: 8000 });
    alice.send(session.a.localPort, 18, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    await until(() => bob.received.length === 1);
    expect(bob.received[0]!.packet.payload).toEqual(
      new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    );
  });
});
