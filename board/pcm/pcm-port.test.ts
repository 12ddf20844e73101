// The PcmPort contract on the simulated highway and on ALSA. ALSA runs without hardware through
// its own plugins: the test writes an asoundrc whose device is a `file` plugin over `null`, with
// the playback landing in a raw file the test reads back and capture coming from one it wrote.
import { describe, expect, test } from "bun:test";
import { alsaHighway, framesOf } from "./alsa-highway.test-helper.ts";
import { AlsaPcmPort } from "./alsa-pcm-port.ts";
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
});
