// The real board's highway (SPEC DEV-2): the SLIC and DAA time slots appear as one interleaved
// multi-channel ALSA device; a worker thread owns it (alsa-pcm-worker.ts) and exchanges one 20 ms
// frame per channel each way with this side, which hands them to the port drivers.
import { existsSync } from "node:fs";
import type { AlsaHighwayConfig, FromAlsaWorker, ToAlsaWorker } from "./alsa-pcm-protocol.ts";
import { PCM_FRAME_SAMPLES, type PcmChannel } from "./pcm-channel.ts";
import type { PcmPort } from "./pcm-port.ts";

const EMBEDDED_ROOT = "file:///$bunfs/root/";
/** The worker's place for a build rooted at the repository, at board/, or at this folder. */
const EMBEDDED_WORKER_PATHS = [
  "board/pcm/alsa-pcm-worker.js",
  "pcm/alsa-pcm-worker.js",
  "alsa-pcm-worker.js",
];

/** Run from source the worker sits beside this file; in a compiled binary it is an entrypoint. */
function workerUrl(): URL {
  if (!import.meta.url.startsWith(EMBEDDED_ROOT))
    return new URL("./alsa-pcm-worker.ts", import.meta.url);
  const found =
    EMBEDDED_WORKER_PATHS.find((p) => existsSync(`${EMBEDDED_ROOT.slice(7)}${p}`)) ??
    EMBEDDED_WORKER_PATHS[0];
  return new URL(`${EMBEDDED_ROOT}${found}`);
}

/** How long close() waits for the worker to drain and close the device. */
const CLOSE_TIMEOUT_MS = 500;

export class AlsaPcmPort implements PcmPort {
  readonly #config: AlsaHighwayConfig;
  readonly #listeners: Array<Set<(frame: Int16Array) => void>>;
  #worker: Worker | undefined;
  #closed: (() => void) | undefined;
  /** Underruns and overruns recovered since open (shown to whoever watches the board's health). */
  recoveries = 0;

  constructor(config: AlsaHighwayConfig) {
    this.#config = config;
    this.#listeners = Array.from({ length: config.channels }, () => new Set());
  }

  open(): Promise<void> {
    const worker = new Worker(workerUrl());
    this.#worker = worker;
    return new Promise((resolve, reject) => {
      worker.onmessage = (message: MessageEvent<FromAlsaWorker>) => {
        const m = message.data;
        if (m.type === "opened") resolve();
        else if (m.type === "failed") {
          this.#worker = undefined;
          worker.terminate();
          reject(new Error(m.message));
        } else if (m.type === "captured") this.#deliver(m.samples);
        else if (m.type === "recovered") this.recoveries++;
        else this.#closed?.();
      };
      worker.addEventListener("error", (event) => {
        this.#worker = undefined;
        reject(new Error((event as ErrorEvent).message ?? "ALSA worker failed"));
      });
      this.#post({ op: "open", config: this.#config });
    });
  }

  channel(index: number): PcmChannel {
    const listeners = this.#listeners[index];
    if (!listeners) throw new RangeError(`PCM channel ${index} is not on ${this.#config.device}`);
    return {
      transmit: (frame) => {
        // A copy crosses to the worker: the caller may reuse its buffer for the next frame.
        const samples = frame.slice(0, PCM_FRAME_SAMPLES);
        this.#post({ op: "frame", channel: index, samples }, [samples.buffer]);
      },
      onReceive: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
  }

  close(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return Promise.resolve();
    this.#worker = undefined;
    return new Promise((resolve) => {
      // A device stuck in a blocking read (a highway whose clock stopped) must not keep the
      // program from stopping: the thread is ended anyway after a few periods.
      const giveUp = setTimeout(() => this.#closed?.(), CLOSE_TIMEOUT_MS);
      this.#closed = () => {
        clearTimeout(giveUp);
        this.#closed = undefined;
        worker.terminate();
        resolve();
      };
      worker.postMessage({ op: "close" } satisfies ToAlsaWorker);
    });
  }

  #post(m: ToAlsaWorker, transfer: Transferable[] = []): void {
    this.#worker?.postMessage(m, transfer);
  }

  /** Splits one interleaved period into each listened channel's frame. */
  #deliver(samples: Int16Array): void {
    const n = this.#config.channels;
    this.#listeners.forEach((listeners, channel) => {
      if (listeners.size === 0) return;
      const frame = new Int16Array(PCM_FRAME_SAMPLES);
      for (let i = 0; i < PCM_FRAME_SAMPLES; i++) frame[i] = samples[i * n + channel] ?? 0;
      for (const l of listeners) l(frame);
    });
  }
}
