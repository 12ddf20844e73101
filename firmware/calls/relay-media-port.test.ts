import { afterEach, describe, expect, test } from "bun:test";
import { goertzelAmplitude } from "../../media/dsp/goertzel.ts";
import { freePort } from "../../test/support/free-port.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { MediaRelay } from "../relay/media-relay.ts";
import { holdTone, relayMediaPort } from "./relay-media-port.ts";

let relay: MediaRelay | undefined;
afterEach(async () => {
  await relay?.close();
});

describe("the relay as the call engine's media port", () => {
  test("opens sessions on even ports of the range, RTCP beside, and frees them on close", async () => {
    const min = (await freePort()) & ~1;
    relay = new MediaRelay({
      rtpPorts: { min, max: min + 7 },
      bind: "127.0.0.1",
      workers: 0,
      clock: new ManualClock(),
    });
    const port = relayMediaPort(relay, { address: "127.0.0.1", noRtpTimeoutMs: () => 0 });
    const session = await port.open();
    expect(session).toBeDefined();
    expect(session!.a.port % 2).toBe(0);
    expect(session!.b.port).not.toBe(session!.a.port);
    session!.a.setCodec({ payloadType: 8, name: "PCMA", clockRateHz: 8000 });
    session!.a.setRemote("127.0.0.1", 9, 10);
    expect(relay.sessionCount).toBe(1);
    // Two ports per side pair: the range holds two sessions, the third waits for a close.
    expect(await port.open()).toBeDefined();
    expect(await port.open()).toBeUndefined();
    session!.close();
    await Bun.sleep(10);
    expect(relay.freeSessions).toBe(1);
  });

  test("the hold tone is a quiet 425 Hz burst in 20 ms frames", () => {
    const tone = holdTone();
    const frame = tone.nextFrame()!;
    expect(frame.length).toBe(160);
    const amplitude = goertzelAmplitude(frame, 0, 160, 425, 8000);
    expect(amplitude).toBeGreaterThan(500);
    expect(amplitude).toBeLessThan(8000);
    expect(goertzelAmplitude(frame, 0, 160, 1000, 8000)).toBeLessThan(amplitude / 10);
  });
});
