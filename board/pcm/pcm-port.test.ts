// The PcmPort contract on the simulated highway and on ALSA. ALSA runs without hardware through
// its own plugins: the test writes an asoundrc whose device is a `file` plugin over `null`, with
// the playback landing in a raw file the test reads back and capture coming from one it wrote.
// test/run.ts: alone (a period late by the machine is a stall the test looks for).
import { describe, expect, test } from "bun:test";
import { alsaHighway, framesOf } from "./alsa-highway.test-helper.ts";
import { AlsaPcmPort } from "./alsa-pcm-port.ts";
import { alawToLinear, linearToAlaw, linearToUlaw, ulawToLinear } from "./g711.ts";
import { pcmPortContract, taggedFrame } from "./pcm-port.contract.ts";
import { SimPcmPort } from "./sim-pcm-port.ts";

pcmPortContract("simulated highway", (incoming) => {
  const port = new SimPcmPort();
  const landed = new Map<number, Int16Array[]>();
  const channels = [0, 2] as const;
  for (const c of channels) {
    landed.set(c, []);
    port.chip(c).onReceive((f) => landed.get(c)?.push(f.slice()));
  }
  const open = port.open.bind(port);
  port.open = async () => {
    await open();
    // The chip models send whenever they have audio; here, right after the highway opens.
    for (const [c, frames] of incoming) for (const f of frames) port.chip(c).transmit(f);
  };
  return { port, channels, incoming, landed: async (c) => landed.get(c) ?? [] };
});

pcmPortContract("ALSA file plugin over null", (incoming) => {
  const channels = 8;
  const { configFile, out } = alsaHighway(channels, incoming);
  const port = new AlsaPcmPort({ device: "highway", configFile, channels });
  return { port, channels: [0, 5], incoming, landed: (c) => framesOf(out, channels, c) };
});

describe("AlsaPcmPort", () => {
  test("a device ALSA does not know fails open with ALSA's words", async () => {
    const { configFile } = alsaHighway(2, new Map());
    const port = new AlsaPcmPort({ device: "no_such_highway", configFile, channels: 2 });
    await expect(port.open()).rejects.toThrow(/snd_pcm_open no_such_highway/);
  });

  test("the event loop keeps running while the worker reads and writes the device", async () => {
    const { configFile, out } = alsaHighway(2, new Map());
    const port = new AlsaPcmPort({ device: "highway", configFile, channels: 2 });
    await port.open();
    const ticks: number[] = [];
    const started = performance.now();
    while (performance.now() - started < 200) {
      ticks.push(performance.now());
      await Bun.sleep(5);
    }
    port.channel(1).transmit(taggedFrame(4));
    await Bun.sleep(60);
    await port.close();
    const gaps = ticks.slice(1).map((t, i) => t - (ticks[i] ?? t));
    expect(Math.max(...gaps)).toBeLessThan(30);
    expect(await framesOf(out, 2, 1)).toEqual([taggedFrame(4)]);
  });

  test("a main thread stalled for 300 ms: the highway keeps its 20 ms periods, frames after it land in order", async () => {
    const channels = 2;
    const { configFile, out } = alsaHighway(channels, new Map());
    const port = new AlsaPcmPort({ device: "highway", configFile, channels });
    await port.open();
    const started = performance.now();
    port.channel(0).transmit(taggedFrame(1));
    await Bun.sleep(40);
    // A long synchronous job on the main thread (a big import, a GC pause): nothing is sent.
    const stalled = performance.now();
    while (performance.now() - stalled < 300) {}
    for (const tag of [2, 3, 4]) {
      port.channel(0).transmit(taggedFrame(tag));
      await Bun.sleep(20);
    }
    await Bun.sleep(60);
    await port.close();
    const elapsed = performance.now() - started;
    const periods = (await Bun.file(out).arrayBuffer()).byteLength / (2 * channels * 160);
    // The worker wrote silence through the stall: no gap in the device's stream of periods.
    expect(periods).toBeGreaterThanOrEqual(Math.floor((elapsed / 20) * 0.8));
    expect(await framesOf(out, channels, 0)).toEqual([1, 2, 3, 4].map(taggedFrame));
    expect(port.recoveries).toBe(0);
  });

  for (const [format, alsaPlugin, roundTrip] of [
    ["alaw", "alaw", (s: number) => alawToLinear(linearToAlaw(s))],
    ["ulaw", "mulaw", (s: number) => ulawToLinear(linearToUlaw(s))],
  ] as const) {
    test(`a G.711 ${format} highway: ALSA's own ${alsaPlugin} plugin reads each sample as sent, within companding`, async () => {
      const channels = 4;
      const { configFile, out } = alsaHighway(
        channels,
        new Map([[2, [taggedFrame(-6)]]]),
        alsaPlugin,
      );
      const port = new AlsaPcmPort({ device: "highway", configFile, channels, format });
      const heard: Int16Array[] = [];
      port.channel(2).onReceive((f) => heard.push(f));
      await port.open();
      const sent = taggedFrame(7);
      port.channel(1).transmit(sent);
      await Bun.sleep(100);
      await port.close();
      // Companded silence decodes to a few steps above zero (A-law: 8), so look for the speech.
      const audible = (f: Int16Array) => f.some((s) => Math.abs(s) > 100);
      const landed = (await framesOf(out, channels, 1)).find(audible)!;
      // ALSA decodes the bytes the worker encoded: exactly the G.711 value of each sample.
      expect(Array.from(landed)).toEqual(Array.from(sent, roundTrip));
      // ALSA encodes what the line sent; its rounding at step edges may differ from ours by a
      // step, so within companding: 1/32 of the sample, or 16 near silence.
      const received = heard.find(audible)!;
      taggedFrame(-6).forEach((s, i) => {
        expect(Math.abs((received[i] ?? 0) - s)).toBeLessThanOrEqual(16 + Math.abs(s) / 32);
      });
    });
  }
});
