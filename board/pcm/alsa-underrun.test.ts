// Underrun recovery on a device that keeps time. ALSA's null and file plugins never under-run, so
// the test builds a small ALSA I/O plugin (clocked-pcm.test-helper.c: consumes 8 kHz frames in real
// time and discards them) with the system's C compiler and libasound headers, and puts ALSA's
// file plugin in front of it to see what reached the device.
// test/run.ts: alone (the plugin keeps real time; a busy machine makes underruns of its own).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requirePeer } from "../../test/support/peers.ts";
import {
  AlsaStream,
  loadConfig,
  SND_PCM_FORMAT_S16_LE,
  SND_PCM_STREAM_PLAYBACK,
} from "./alsa-abi.ts";
import { framesOf } from "./alsa-highway.test-helper.ts";
import { PCM_FRAME_SAMPLES } from "./pcm-channel.ts";
import { taggedFrame } from "./pcm-port.contract.ts";

const canBuild = existsSync("/usr/include/alsa/pcm_ioplug.h") && Bun.which("cc") !== null;
const dir = mkdtempSync(join(tmpdir(), "pcm-underrun-"));
const plugin = join(dir, "libasound_module_pcm_clocked.so");
const out = join(dir, "out.raw");
const configFile = join(dir, "asound.conf");

afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  // Under CI a missing compiler fails the suite, naming the package.
  if (process.env.CI) requirePeer("cc", "gcc-12");
  if (!canBuild) return;
  const source = join(import.meta.dir, "clocked-pcm.test-helper.c");
  const cc = Bun.spawnSync(["cc", "-shared", "-fPIC", "-DPIC", "-o", plugin, source, "-lasound"]);
  if (cc.exitCode !== 0) throw new Error(cc.stderr.toString());
  await Bun.write(
    configFile,
    `pcm_type.clocked { lib "${plugin}" }
pcm.highway { type file slave.pcm { type clocked } file "${out}" format "raw" }
`,
  );
});

// CI installs the compiler and headers (.ci/run); a developer without them is told why it skips.
describe.skipIf(!canBuild && !process.env.CI)("ALSA underrun (needs cc and libasound2-dev)", () => {
  test("a writer late by 300 ms under-runs, recovers, and the frames after it reach the device in order", () => {
    const channels = 2;
    const stream = new AlsaStream("highway", SND_PCM_STREAM_PLAYBACK, {
      format: SND_PCM_FORMAT_S16_LE,
      channels,
      rate: 8000,
      latencyUs: 60_000,
      config: loadConfig(configFile),
    });
    const recovered: number[] = [];
    const write = (tag: number) => {
      const samples = new Int16Array(PCM_FRAME_SAMPLES * channels);
      const frame = taggedFrame(tag);
      for (let i = 0; i < PCM_FRAME_SAMPLES; i++) samples[i * channels + 1] = frame[i] ?? 0;
      return stream.transfer("write", samples, PCM_FRAME_SAMPLES, (errno) => recovered.push(errno));
    };
    const before = [1, 2, 3, 4, 5].map(write);
    Bun.sleepSync(300);
    const after = [6, 7, 8, 9, 10].map(write);
    stream.close(true);
    expect([...before, ...after].every(Boolean)).toBe(true);
    // EPIPE, once: the device ran dry during the gap and was prepared again.
    expect(recovered).toEqual([32]);
    return framesOf(out, channels, 1).then((frames) =>
      expect(frames).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(taggedFrame)),
    );
  });
});
