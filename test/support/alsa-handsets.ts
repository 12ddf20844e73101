// The far end of the box's ALSA highway for end-to-end tests (board "sim-alsa"): an ALSA
// configuration, given to the box through ALSA's own ALSA_CONFIG_PATH, that defines
// "pbx_highway" with ALSA's `file` plugin over `null`. What the box sends to the ports lands in
// one raw interleaved S16_LE file; what the handsets say is read from another, which the test
// appends to while the box runs (at its end the plugin reads silence, so appended frames are
// heard from the moment they are written).
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const FRAME_SAMPLES = 160;

export interface AlsaHandsets {
  /** Environment for the box: ALSA reads only this configuration. */
  readonly env: Record<string, string>;
  /** Every 20 ms period the box wrote to `channel` so far, silent ones included. */
  heard(channel: number): Int16Array[];
  /** Periods the box wrote so far (all channels). */
  periods(): number;
  /** Puts frames into `channel` from now on, the other channels silent meanwhile. */
  say(channel: number, frames: readonly Int16Array[]): void;
}

export function alsaHandsets(dir: string, channels: number): AlsaHandsets {
  const heardFile = join(dir, "handsets-hear.raw");
  const saidFile = join(dir, "handsets-say.raw");
  const config = join(dir, "asound.conf");
  writeFileSync(saidFile, new Uint8Array(0));
  writeFileSync(
    config,
    `pcm.pbx_highway_out { type file slave.pcm { type null } file "${heardFile}" format "raw" }
pcm.pbx_highway_in { type file slave.pcm { type null } file "/dev/null" infile "${saidFile}" format "raw" }
pcm.pbx_highway { type asym playback.pcm pbx_highway_out capture.pcm pbx_highway_in }
`,
  );
  const read = (): Int16Array => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(heardFile);
    } catch {
      return new Int16Array(0);
    }
    const whole = bytes.byteLength - (bytes.byteLength % (2 * channels * FRAME_SAMPLES));
    return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + whole));
  };
  return {
    env: { ALSA_CONFIG_PATH: config },
    heard(channel) {
      const all = read();
      const frames: Int16Array[] = [];
      for (let k = 0; (k + 1) * FRAME_SAMPLES * channels <= all.length; k++) {
        const f = new Int16Array(FRAME_SAMPLES);
        for (let i = 0; i < FRAME_SAMPLES; i++)
          f[i] = all[(k * FRAME_SAMPLES + i) * channels + channel] ?? 0;
        frames.push(f);
      }
      return frames;
    },
    periods: () => read().length / (FRAME_SAMPLES * channels),
    say(channel, frames) {
      const interleaved = new Int16Array(frames.length * FRAME_SAMPLES * channels);
      frames.forEach((f, k) => {
        for (let i = 0; i < FRAME_SAMPLES; i++)
          interleaved[(k * FRAME_SAMPLES + i) * channels + channel] = f[i] ?? 0;
      });
      // One write of whole periods: the file only grows by whole frames of every channel.
      appendFileSync(saidFile, new Uint8Array(interleaved.buffer));
    },
  };
}
