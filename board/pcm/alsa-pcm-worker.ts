// The thread that owns the ALSA highway: snd_pcm_readi/writei block until the device has room or
// data, so they run here and never on the event loop. Every 20 ms period it reads one frame of
// every channel and writes one: the frame the main thread queued for that channel, or silence,
// so a late main thread costs a silent frame rather than an underrun.
// In a compiled binary this file must be an extra entrypoint of `bun build --compile`.
import type { Pointer } from "bun:ffi";
import {
  AlsaStream,
  freeConfig,
  loadConfig,
  SND_PCM_FORMAT_A_LAW,
  SND_PCM_FORMAT_MU_LAW,
  SND_PCM_FORMAT_S16_LE,
  SND_PCM_STREAM_CAPTURE,
  SND_PCM_STREAM_PLAYBACK,
} from "./alsa-abi.ts";
import type {
  AlsaHighwayConfig,
  FromAlsaWorker,
  PcmHighwayFormat,
  ToAlsaWorker,
} from "./alsa-pcm-protocol.ts";
import { alawToLinear, linearToAlaw, linearToUlaw, ulawToLinear } from "./g711.ts";
import { PCM_FRAME_MS, PCM_FRAME_SAMPLES, PCM_SAMPLE_RATE_HZ } from "./pcm-channel.ts";

declare const self: Worker;

/** Frames queued per channel beyond this are dropped, oldest first, to keep the delay short. */
const MAX_QUEUED_FRAMES = 3;
/** Device buffer: three periods, enough to ride out a busy worker without adding much delay. */
const LATENCY_US = 3 * PCM_FRAME_MS * 1000;

/** The ALSA format of each highway format, and its conversion from and to 16-bit linear. */
const FORMATS: Record<
  PcmHighwayFormat,
  { alsa: number; encode?: (s: number) => number; decode?: (c: number) => number }
> = {
  s16: { alsa: SND_PCM_FORMAT_S16_LE },
  alaw: { alsa: SND_PCM_FORMAT_A_LAW, encode: linearToAlaw, decode: alawToLinear },
  ulaw: { alsa: SND_PCM_FORMAT_MU_LAW, encode: linearToUlaw, decode: ulawToLinear },
};

const post = (m: FromAlsaWorker, transfer: Transferable[] = []) => self.postMessage(m, transfer);

let queues: Int16Array[][] = [];
let running = false;
/** The open device's loop; close waits for it to drain and release the device. */
let session: Promise<void> | undefined;

self.onmessage = (message: MessageEvent<ToAlsaWorker>) => {
  const m = message.data;
  if (m.op === "open") {
    session = run(m.config);
  } else if (m.op === "frame") {
    const q = queues[m.channel];
    if (!q) return;
    q.push(m.samples);
    if (q.length > MAX_QUEUED_FRAMES) q.shift();
  } else {
    running = false;
    void (session ?? Promise.resolve()).then(() => post({ type: "closed" }));
  }
};

async function run(c: AlsaHighwayConfig): Promise<void> {
  let config: Pointer | undefined;
  let playback: AlsaStream | undefined;
  let capture: AlsaStream | undefined;
  try {
    config = c.configFile === undefined ? undefined : loadConfig(c.configFile);
    const o = {
      format: FORMATS[c.format ?? "s16"].alsa,
      channels: c.channels,
      rate: PCM_SAMPLE_RATE_HZ,
      latencyUs: LATENCY_US,
      config,
    };
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
  const { encode, decode } = FORMATS[c.format ?? "s16"];
  const samples = PCM_FRAME_SAMPLES * c.channels;
  const out = new Int16Array(samples);
  // A companded highway carries one byte a sample; these are what the device reads and writes.
  const wire = encode ? { out: new Uint8Array(samples), in: new Uint8Array(samples) } : undefined;
  // The device's clock paces a real highway (readi blocks until a period is in); plugins such as
  // file over null never block, so the loop also keeps to the wall clock, one period per 20 ms.
  let due = performance.now();
  while (running) {
    const captured = new Int16Array(samples);
    if (transfer(capture, "capture", wire?.in ?? captured)) {
      if (wire && decode) for (let i = 0; i < samples; i++) captured[i] = decode(wire.in[i] ?? 0);
      post({ type: "captured", samples: captured }, [captured.buffer]);
    }
    out.fill(0);
    queues.forEach((q, channel) => {
      const frame = q.shift();
      if (!frame) return;
      for (let i = 0; i < PCM_FRAME_SAMPLES; i++) out[i * c.channels + channel] = frame[i] ?? 0;
    });
    if (wire && encode) {
      for (let i = 0; i < samples; i++) wire.out[i] = encode(out[i] ?? 0);
      transfer(playback, "playback", wire.out);
    } else transfer(playback, "playback", out);
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

/** One period each way, recovering from underruns and overruns (told to the main thread). */
function transfer(
  stream: AlsaStream,
  kind: "playback" | "capture",
  samples: Int16Array | Uint8Array,
): boolean {
  return stream.transfer(
    kind === "playback" ? "write" : "read",
    samples,
    PCM_FRAME_SAMPLES,
    (errno) => post({ type: "recovered", stream: kind, errno }),
  );
}
