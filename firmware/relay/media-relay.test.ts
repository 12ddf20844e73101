// The relay on the main thread with a manual clock, between fake phones on real UDP sockets.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { parseRtcpCompound } from "../../media/rtp/rtcp-parse.ts";
import { encodeTelephoneEvent } from "../../media/rtp/telephone-event.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { FakePhone, settle, until } from "./fake-phone.test-helper.ts";
import { MediaRelay } from "./media-relay.ts";
import type { RelaySession } from "./relay-session.ts";
import type { RelaySide } from "./relay-side.ts";

const PCMU = { payloadType: 0, name: "PCMU", clockRateHz: 8000 };
const payload = (byte: number) => new Uint8Array(160).fill(byte);

let clock: ManualClock;
let relay: MediaRelay;
let session: RelaySession;
let alice: FakePhone;
let bob: FakePhone;
let noRtp: RelaySide[];
let events: { side: string; kind: string; event: number }[];

async function sessionWith(timeoutMs = 60_000): Promise<RelaySession> {
  const created = await relay.createSession({
    timeoutMs,
    onNoRtp: (side) => noRtp.push(side),
    onTelephoneEvent: (side, e) => events.push({ side: side.name, kind: e.kind, event: e.event }),
  });
  if (!created.ok) throw new Error(created.error);
  return created.session;
}

beforeEach(async () => {
  clock = new ManualClock();
  const min = 20000 + 2 * Math.floor(Math.random() * 10000);
  relay = new MediaRelay({
    rtpPorts: { min, max: min + 199 },
    bind: "127.0.0.1",
    workers: 0,
    clock,
  });
  noRtp = [];
  events = [];
  session = await sessionWith();
  alice = await FakePhone.open(0xaaaa0001, 100);
  bob = await FakePhone.open(0xbbbb0001, 60000);
  await session.a.setRemote({ address: "127.0.0.1", port: alice.port });
  await session.b.setRemote({ address: "127.0.0.1", port: bob.port });
  await session.a.setCodec({ ...PCMU, telephoneEventPt: 101 });
  await session.b.setCodec({ ...PCMU, telephoneEventPt: 96 });
});

afterEach(async () => {
  alice.close();
  bob.close();
  await relay.close();
});

describe("MediaRelay on the main thread", () => {
  test("gives each leg an even RTP port from the range, RTCP on the next", () => {
    expect(session.a.localPort % 2).toBe(0);
    expect(session.b.localPort).not.toBe(session.a.localPort);
    expect(session.a.localRtcpPort).toBe(session.a.localPort + 1);
  });

  test("forwards both ways, payload untouched, under the box's own SSRC", async () => {
    for (let i = 0; i < 5; i++) {
      alice.send(session.a.localPort, 0, payload(i));
      bob.send(session.b.localPort, 0, payload(0x80 + i));
    }
    await until(() => alice.received.length === 5 && bob.received.length === 5);
    const atBob = bob.received.map((r) => r.packet);
    expect(atBob.map((p) => p.payload[0])).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(atBob.map((p) => p.ssrc)).size).toBe(1);
    expect(atBob[0]!.ssrc).not.toBe(alice.ssrc);
    const seqs = atBob.map((p) => p.sequenceNumber);
    expect(seqs.map((s) => (s - seqs[0]!) & 0xffff)).toEqual([0, 1, 2, 3, 4]);
    expect(atBob[1]!.timestamp - atBob[0]!.timestamp).toBe(160);
    // Bob's packets reach Alice from the port her SDP was given (symmetric RTP).
    expect(alice.received.every((r) => r.fromPort === session.a.localPort)).toBe(true);
    expect(alice.received.map((r) => r.packet.payload[0])).toEqual([0x80, 0x81, 0x82, 0x83, 0x84]);
    const stats = await session.a.stats();
    expect(stats).toMatchObject({ packetsIn: 5, bytesIn: 5 * 172, packetsOut: 5, lost: 0 });
  });

  test("keeps SSRC and sequence continuous when the other phone changes (re-INVITE)", async () => {
    for (let i = 0; i < 3; i++) bob.send(session.b.localPort, 0, payload(1));
    await until(() => alice.received.length === 3);
    clock.advance(500);
    // The call moves to another phone (transfer): new address, new SSRC, unrelated numbers.
    const carol = await FakePhone.open(0xcccc0001, 7);
    await session.b.setRemote({ address: "127.0.0.1", port: carol.port });
    for (let i = 0; i < 3; i++) carol.send(session.b.localPort, 0, payload(2));
    await until(() => alice.received.length === 6);
    const packets = alice.received.map((r) => r.packet);
    expect(new Set(packets.map((p) => p.ssrc)).size).toBe(1);
    const first = packets[0]!.sequenceNumber;
    expect(packets.map((p) => (p.sequenceNumber - first) & 0xffff)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(packets[3]!.marker).toBe(true);
    // The timestamp moves on by the half second that passed, not back to Carol's numbers.
    expect((packets[3]!.timestamp - packets[2]!.timestamp) >>> 0).toBe(4000);
    // And Alice's audio now goes to Carol.
    alice.send(session.a.localPort, 0, payload(3));
    await until(() => carol.received.length === 1);
    expect(bob.received.length).toBe(0);
    carol.close();
  });

  test("latches onto where a NATed phone's packets come from, ignores others, relatches on re-INVITE", async () => {
    // Bob's SDP names a private address the box cannot reach; his packets arrive from Nat.
    const nat = await FakePhone.open(0xbbbb0001, 5);
    const stranger = await FakePhone.open(0xdddd0001, 9);
    nat.send(session.b.localPort, 0, payload(1));
    await until(() => alice.received.length === 1);
    alice.send(session.a.localPort, 0, payload(2));
    await until(() => nat.received.length === 1);
    expect(bob.received.length).toBe(0);
    stranger.send(session.b.localPort, 0, payload(3));
    await settle();
    expect(alice.received.length).toBe(1);
    expect((await session.b.stats()).ignoredPackets).toBe(1);
    expect((await session.b.stats()).latched).toEqual({ address: "127.0.0.1", port: nat.port });
    // After a re-INVITE the first source wins again.
    await session.b.setRemote({ address: "127.0.0.1", port: bob.port });
    stranger.send(session.b.localPort, 0, payload(4));
    await until(() => alice.received.length === 2);
    alice.send(session.a.localPort, 0, payload(5));
    await until(() => stranger.received.length === 1);
    nat.close();
    stranger.close();
  });

  test("hold stops media toward the holding phone and suspends its no-RTP timeout", async () => {
    alice.send(session.a.localPort, 0, payload(1));
    bob.send(session.b.localPort, 0, payload(1));
    await until(() => alice.received.length === 1 && bob.received.length === 1);
    // Alice holds: her SDP says sendonly.
    await session.a.setDirection("sendonly");
    bob.send(session.b.localPort, 0, payload(2));
    alice.send(session.a.localPort, 0, payload(2));
    await until(() => bob.received.length === 2);
    await settle();
    expect(alice.received.length).toBe(1);
    // Alice falls silent while holding: no timeout, however long the hold.
    bob.send(session.b.localPort, 0, payload(3));
    clock.advance(30_000);
    bob.send(session.b.localPort, 0, payload(3));
    await settle();
    clock.advance(50_000);
    expect(noRtp.map((s) => s.name)).not.toContain("a");
    expect(alice.received.length).toBe(1);
    // Resumed: the timeout counts again from the resume.
    await session.a.setDirection("sendrecv");
    bob.send(session.b.localPort, 0, payload(4));
    await until(() => alice.received.length === 2);
    expect(alice.received[1]!.packet.payload[0]).toBe(4);
    clock.advance(59_000);
    expect(noRtp.map((s) => s.name)).not.toContain("a");
    clock.advance(2_000);
    expect(noRtp.map((s) => s.name)).toContain("a");
  });

  test("reports a leg that stops sending for the timeout, once", async () => {
    alice.send(session.a.localPort, 0, payload(1));
    bob.send(session.b.localPort, 0, payload(1));
    await until(() => bob.received.length === 1 && alice.received.length === 1);
    clock.advance(59_000);
    expect(noRtp).toEqual([]);
    clock.advance(2_000);
    expect(noRtp.map((s) => s.name).sort()).toEqual(["a", "b"]);
    clock.advance(60_000);
    expect(noRtp.length).toBe(2);
  });

  test("maps RFC 4733 events to the other leg's telephone-event PT and reports digits", async () => {
    const digit5 = (end: boolean, duration: number) =>
      encodeTelephoneEvent({ event: 5, end, volume: 10, duration });
    alice.send(session.a.localPort, 101, digit5(false, 160), { marker: true, timestampStep: 0 });
    alice.send(session.a.localPort, 101, digit5(false, 320), { timestampStep: 0 });
    alice.send(session.a.localPort, 101, digit5(true, 480), { timestampStep: 0 });
    await until(() => bob.received.length === 3);
    const packets = bob.received.map((r) => r.packet);
    expect(packets.map((p) => p.payloadType)).toEqual([96, 96, 96]);
    expect(packets[2]!.payload).toEqual(digit5(true, 480));
    expect(new Set(packets.map((p) => p.timestamp)).size).toBe(1);
    expect(events).toEqual([
      { side: "a", kind: "begin", event: 5 },
      { side: "a", kind: "end", event: 5 },
    ]);
    // A leg without telephone-event gets none.
    await session.b.setCodec(PCMU);
    alice.send(session.a.localPort, 101, digit5(false, 160), { marker: true });
    await settle();
    expect(bob.received.length).toBe(3);
  });

  test("sends its own RTCP reports to each leg and reads the phones' reports", async () => {
    const reports: Uint8Array[] = [];
    const rtcpSink = await Bun.udpSocket({
      hostname: "127.0.0.1",
      socket: {
        data: (_s, data) => {
          reports.push(new Uint8Array(data));
        },
      },
    });
    await session.b.setRemote({ address: "127.0.0.1", port: bob.port, rtcpPort: rtcpSink.port });
    for (let i = 0; i < 3; i++) alice.send(session.a.localPort, 0, payload(1));
    await until(() => bob.received.length === 3);
    clock.advance(8_000);
    await until(() => reports.length >= 1);
    const parsed = parseRtcpCompound(reports[0]!);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const sr = parsed.packets[0]!;
    expect(sr.type).toBe("sr");
    if (sr.type !== "sr") return;
    expect(sr.ssrc).toBe(bob.received[0]!.packet.ssrc);
    expect(sr.packetCount).toBe(3);
    expect(parsed.packets[1]!.type).toBe("sdes");
    rtcpSink.close();
  });

  test("frees the ports of a closed session and runs out of ports as values", async () => {
    const small = new MediaRelay({
      rtpPorts: { min: session.b.localPort + 300, max: session.b.localPort + 303 },
      bind: "127.0.0.1",
      workers: 0,
      clock,
    });
    const first = await small.createSession();
    expect(first.ok).toBe(true);
    expect(await small.createSession()).toEqual({ ok: false, error: "no-ports" });
    if (first.ok) await first.session.close();
    expect((await small.createSession()).ok).toBe(true);
    await small.close();
  });
});
