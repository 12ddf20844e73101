// ALSA without hardware, through its own plugins: an asoundrc whose device "highway" is a `file`
// plugin over `null`; playback lands in a raw interleaved S16_LE file the test reads back,
// capture comes from a raw file the test wrote.
import { afterAll } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PCM_FRAME_SAMPLES } from "./pcm-channel.ts";

const dir = mkdtempSync(join(tmpdir(), "pcm-alsa-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let run = 0;

/**
 * An ALSA configuration of `channels` channels whose playback lands in a raw file and whose
 * capture comes from one. With `companding`, "highway" takes G.711 and ALSA's own `alaw`/`mulaw`
 * plugin turns it into the 16-bit linear samples in the files.
 */
export function alsaHighway(
  channels: number,
  incoming: Map<number, Int16Array[]>,
  companding?: "alaw" | "mulaw",
) {
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
pcm.linear { type asym playback.pcm highway_out capture.pcm highway_in }
pcm.highway ${companding ? `{ type ${companding} slave { pcm linear format S16_LE } }` : "linear"}
`,
  );
  return { configFile, out };
}

/** One channel's frames out of an interleaved raw S16_LE file, silent ones left out. */
export async function framesOf(
  path: string,
  channels: number,
  channel: number,
): Promise<Int16Array[]> {
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
