// The PcmPort contract on the simulated highway and on ALSA. ALSA runs without hardware through
// its own plugins: the test writes an asoundrc whose device is a `file` plugin over `null`, with
// the playback landing in a raw file the test reads back and capture coming from one it wrote.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AlsaPcmPort } from "./alsa-pcm-port.ts";
import { PCM_FRAME_SAMPLES } from "./pcm-channel.ts";
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

const dir = mkdtempSync(join(tmpdir(), "pcm-alsa-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let run = 0;

/** An ALSA configuration of `channels` channels whose playback lands in out.raw, capture from in.raw. */
function alsaHighway(channels: number, incoming: Map<number, Int16Array[]>) {
  const n = ++run;
  const out = join(dir, `out-${n}.raw`);
  const inFile = join(dir, `in-${n}.raw`);
  const frames = Math.max(0, ...[...incoming.values()].map((f) => f.length));
  const interleaved = new Int16Array(frames * PCM_FRAME_SAMPLES * channels);
  for (const [c, list] of incoming)
    list.forEach((f, k) => {
      for (let i = 0; i < PCM_FRAME_SAMPLES; i++)
        interleaved[(k * PCM_FRAME_SAMPLES + i) * channels + c] = f[i] ?? 0;
    });
  writeFileSync(inFile, interleaved);
  const configFile = join(dir, `asound-${n}.conf`);
  writeFileSync(
    configFile,
    `pcm.highway_out { type file slave.pcm { type null } file "${out}" format "raw" }
pcm.highway_in { type file slave.pcm { type null } file "/dev/null" infile "${inFile}" format "raw" }
pcm.highway { type asym playback.pcm highway_out capture.pcm highway_in }
`,
  );
  return { configFile, out };
}

/** One channel's frames out of an interleaved raw S16_LE file, silent ones left out. */
async function framesOf(path: string, channels: number, channel: number): Promise<Int16Array[]> {
  const bytes = await Bun.file(path).arrayBuffer();
  const all = new Int16Array(bytes, 0, Math.floor(bytes.byteLength / 2));
  const frames: Int16Array[] = [];
  for (let k = 0; (k + 1) * PCM_FRAME_SAMPLES * channels <= all.length; k++) {
    const f = new Int16Array(PCM_FRAME_SAMPLES);
    for (let i = 0; i < PCM_FRAME_SAMPLES; i++)
      f[i] = all[(k * PCM_FRAME_SAMPLES + i) * channels + channel] ?? 0;
    if (f.some((s) => s !== 0)) frames.push(f);
  }
  return frames;
}

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
