// The thread that owns the ALSA highway: snd_pcm_readi/writei block until the device has room or
// data, so they run here and never on the event loop. Every 20 ms period it reads one frame of
// every channel and writes one: the frame the main thread queued for that channel, or silence,
// so a late main thread costs a silent frame rather than an underrun.
// In a compiled binary this file must be an extra entrypoint of `bun build --compile`.
import type { Pointer } from "bun:ffi";
import {
  AlsaStream,
  EPIPE,
  ESTRPIPE,
  freeConfig,
  loadConfig,
  SND_PCM_STREAM_CAPTURE,
  SND_PCM_STREAM_PLAYBACK,
} from "./alsa-abi.ts";
import type { AlsaHighwayConfig, FromAlsaWorker, ToAlsaWorker } from "./alsa-pcm-protocol.ts";
import { PCM_FRAME_MS, PCM_FRAME_SAMPLES, PCM_SAMPLE_RATE_HZ } from "./pcm-channel.ts";

declare const self: Worker;

/** Frames queued per channel beyond this are dropped, oldest first, to keep the delay short. */
const MAX_QUEUED_FRAMES = 3;
/** Device buffer: three periods, enough to ride out a busy worker without adding much delay. */
const LATENCY_US = 3 * PCM_FRAME_MS * 1000;

const post = (m: FromAlsaWorker, transfer: Transferable[] = []) => self.postMessage(m, transfer);

let queues: Int16Array[][] = [];
let running = false;
let closing: Promise<void> | undefined;

self.onmessage = (message: MessageEvent<ToAlsaWorker>) => {
  const m = message.data;
  if (m.op === "open") {
    closing = run(m.config);
  } else if (m.op === "frame") {
    const q = queues[m.channel];
    if (!q) return;
    q.push(m.samples);
    if (q.length > MAX_QUEUED_FRAMES) q.shift();
  } else {
    running = false;
    void (closing ?? Promise.resolve()).then(() => post({ type: "closed" }));
  }
};

async function run(c: AlsaHighwayConfig): Promise<void> {
  let config: Pointer | undefined;
  let playback: AlsaStream | undefined;
  let capture: AlsaStream | undefined;
  try {
    config = c.configFile === undefined ? undefined : loadConfig(c.configFile);
    const o = { channels: c.channels, rate: PCM_SAMPLE_RATE_HZ, latencyUs: LATENCY_US, config };
    playback = new AlsaStream(c.device, SND_PCM_STREAM_PLAYBACK, o);
    capture = new AlsaStream(c.device, SND_PCM_STREAM_CAPTURE, o);
  } catch (error) {
    playback?.close(false);
    if (config !== undefined) freeConfig(config);
    post({ type: "failed", message: error instanceof Error ? error.message : String(error) });
    return;
  }
  queues = Array.from({ length: c.channels }, () => []);
  running = true;
  post({ type: "opened" });
  const out = new Int16Array(PCM_FRAME_SAMPLES * c.channels);
  // The device's clock paces a real highway (readi blocks until a period is in); plugins such as
  // file over null never block, so the loop also keeps to the wall clock, one period per 20 ms.
  let due = performance.now();
  while (running) {
    const captured = new Int16Array(PCM_FRAME_SAMPLES * c.channels);
    if (transfer(capture, "capture", captured))
      post({ type: "captured", samples: captured }, [captured.buffer]);
    out.fill(0);
    queues.forEach((q, channel) => {
      const frame = q.shift();
      if (!frame) return;
      for (let i = 0; i < PCM_FRAME_SAMPLES; i++) out[i * c.channels + channel] = frame[i] ?? 0;
    });
    transfer(playback, "playback", out);
    due += PCM_FRAME_MS;
    const now = performance.now();
    // A worker held up for several periods starts afresh rather than bursting to catch up.
    if (now - due > 3 * PCM_FRAME_MS) due = now;
    // Yielding also lets the frames the main thread posted in the meantime arrive.
    await Bun.sleep(Math.max(0, due - now));
  }
  playback.close(true);
  capture.close(false);
  if (config !== undefined) freeConfig(config);
}

/** One period each way; an underrun or overrun is recovered and the period tried once more. */
function transfer(stream: AlsaStream, kind: "playback" | "capture", samples: Int16Array): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    const rc =
      kind === "playback"
        ? stream.write(samples, PCM_FRAME_SAMPLES)
        : stream.read(samples, PCM_FRAME_SAMPLES);
    if (rc >= 0) return true;
    if ((rc !== -EPIPE && rc !== -ESTRPIPE) || !stream.recover(rc)) return false;
    post({ type: "recovered", stream: kind, errno: -rc });
  }
  return false;
}
