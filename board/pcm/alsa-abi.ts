// libasound (alsa-lib) through bun:ffi: the few calls the highway needs. Opened lazily, in the
// worker thread that owns the device, so a machine without libasound only fails when audio opens.
import { dlopen, type Pointer, ptr } from "bun:ffi";

export const SND_PCM_STREAM_PLAYBACK = 0;
export const SND_PCM_STREAM_CAPTURE = 1;
export const SND_PCM_FORMAT_S16_LE = 2;
export const SND_PCM_FORMAT_MU_LAW = 20;
export const SND_PCM_FORMAT_A_LAW = 21;
export const SND_PCM_ACCESS_RW_INTERLEAVED = 3;
/** -EPIPE: underrun (playback) or overrun (capture). */
export const EPIPE = 32;
/** -ESTRPIPE: the device was suspended. */
export const ESTRPIPE = 86;

function load() {
  return dlopen("libasound.so.2", {
    snd_pcm_open: { args: ["ptr", "cstring", "i32", "i32"], returns: "i32" },
    snd_pcm_open_lconf: { args: ["ptr", "cstring", "i32", "i32", "ptr"], returns: "i32" },
    snd_config_top: { args: ["ptr"], returns: "i32" },
    snd_config_load: { args: ["ptr", "ptr"], returns: "i32" },
    snd_config_delete: { args: ["ptr"], returns: "i32" },
    snd_input_stdio_open: { args: ["ptr", "cstring", "cstring"], returns: "i32" },
    snd_input_close: { args: ["ptr"], returns: "i32" },
    snd_pcm_set_params: {
      args: ["ptr", "i32", "i32", "u32", "u32", "i32", "u32"],
      returns: "i32",
    },
    snd_pcm_writei: { args: ["ptr", "ptr", "u64"], returns: "i64" },
    snd_pcm_readi: { args: ["ptr", "ptr", "u64"], returns: "i64" },
    snd_pcm_recover: { args: ["ptr", "i32", "i32"], returns: "i32" },
    snd_pcm_drain: { args: ["ptr"], returns: "i32" },
    snd_pcm_close: { args: ["ptr"], returns: "i32" },
    snd_strerror: { args: ["i32"], returns: "cstring" },
  }).symbols;
}

let lib: ReturnType<typeof load> | undefined;
const asound = () => {
  lib ??= load();
  return lib;
};

const cstr = (s: string) => Buffer.from(`${s}\0`);

export class AlsaError extends Error {
  constructor(
    readonly call: string,
    readonly code: number,
  ) {
    super(`${call}: ${String(asound().snd_strerror(code))}`);
  }
}

function check(call: string, rc: number): number {
  if (rc < 0) throw new AlsaError(call, rc);
  return rc;
}

/**
 * A configuration read from an asoundrc-style file, used instead of the system's: the board's
 * own device definitions, or a test's file/null plugins.
 */
export function loadConfig(path: string): Pointer {
  const a = asound();
  const out = new BigUint64Array(1);
  check("snd_input_stdio_open", a.snd_input_stdio_open(ptr(out), cstr(path), cstr("r")));
  const input = Number(out[0]) as Pointer;
  try {
    check("snd_config_top", a.snd_config_top(ptr(out)));
    const config = Number(out[0]) as Pointer;
    const rc = a.snd_config_load(config, input);
    if (rc < 0) {
      a.snd_config_delete(config);
      throw new AlsaError(`snd_config_load ${path}`, rc);
    }
    return config;
  } finally {
    a.snd_input_close(input);
  }
}

export function freeConfig(config: Pointer): void {
  asound().snd_config_delete(config);
}

/** One open stream of interleaved frames (S16_LE, or one byte a sample for G.711). */
export class AlsaStream {
  readonly #pcm: Pointer;

  constructor(
    device: string,
    stream: number,
    o: {
      format: number;
      channels: number;
      rate: number;
      latencyUs: number;
      config?: Pointer | undefined;
    },
  ) {
    const a = asound();
    const out = new BigUint64Array(1);
    const name = cstr(device);
    check(
      `snd_pcm_open ${device}`,
      o.config === undefined
        ? a.snd_pcm_open(ptr(out), name, stream, 0)
        : a.snd_pcm_open_lconf(ptr(out), name, stream, 0, o.config),
    );
    this.#pcm = Number(out[0]) as Pointer;
    const rc = a.snd_pcm_set_params(
      this.#pcm,
      o.format,
      SND_PCM_ACCESS_RW_INTERLEAVED,
      o.channels,
      o.rate,
      0,
      o.latencyUs,
    );
    if (rc < 0) {
      a.snd_pcm_close(this.#pcm);
      throw new AlsaError(`snd_pcm_set_params ${device}`, rc);
    }
  }

  /** Writes whole frames; returns the negative errno of a failed write instead of throwing. */
  write(samples: Int16Array | Uint8Array, frames: number): number {
    return Number(asound().snd_pcm_writei(this.#pcm, ptr(samples), frames));
  }

  read(samples: Int16Array | Uint8Array, frames: number): number {
    return Number(asound().snd_pcm_readi(this.#pcm, ptr(samples), frames));
  }

  /** Prepares the stream again after an underrun, overrun or suspend; false when it cannot. */
  recover(errno: number): boolean {
    return asound().snd_pcm_recover(this.#pcm, errno, 1) >= 0;
  }

  /**
   * One transfer of whole frames each way (`write` for playback, `read` for capture). An
   * underrun, overrun or suspend is recovered (told to `onRecovered`) and the transfer tried once
   * more; false when it still fails.
   */
  transfer(
    direction: "write" | "read",
    samples: Int16Array | Uint8Array,
    frames: number,
    onRecovered: (errno: number) => void,
  ): boolean {
    for (let attempt = 0; attempt < 2; attempt++) {
      const rc = direction === "write" ? this.write(samples, frames) : this.read(samples, frames);
      if (rc >= 0) return true;
      if ((rc !== -EPIPE && rc !== -ESTRPIPE) || !this.recover(rc)) return false;
      onRecovered(-rc);
    }
    return false;
  }

  close(drain: boolean): void {
    if (drain) asound().snd_pcm_drain(this.#pcm);
    asound().snd_pcm_close(this.#pcm);
  }
}
