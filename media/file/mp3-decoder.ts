// MPEG-1/2 Layer III decoding (ISO/IEC 11172-3, 13818-3) through the mpg123-decoder
// package: libmpg123 compiled to WebAssembly and shipped inline in its JavaScript, so it
// runs under Bun and inside a `bun build --compile` binary with no file beside it. It is
// loaded on first use only; the dynamic import also keeps the bundler from pruning the
// package's worker class, whose absence breaks the compiled binary.

export interface DecodedAudio {
  sampleRateHz: number;
  /** One array per channel, samples in [-1, 1]. */
  channels: Float32Array[];
}

export type Mp3DecodeResult =
  | { ok: true; audio: DecodedAudio }
  | { ok: false; error: "mp3 decoder unavailable" | "not an MP3 stream" };

export type Mp3Decoder = InstanceType<typeof import("mpg123-decoder").MPEGDecoder>;

/** A ready decoder (free() it when done), or undefined when the package cannot load. */
export async function openMp3Decoder(): Promise<Mp3Decoder | undefined> {
  try {
    const mod = await import("mpg123-decoder");
    const decoder = new mod.MPEGDecoder();
    await decoder.ready;
    return decoder;
  } catch {
    return undefined;
  }
}

/** Decodes a whole MP3 file. */
export async function decodeMp3(bytes: Uint8Array): Promise<Mp3DecodeResult> {
  const decoder = await openMp3Decoder();
  if (!decoder) return { ok: false, error: "mp3 decoder unavailable" };
  try {
    const r = decoder.decode(bytes);
    if (r.samplesDecoded === 0 || r.sampleRate === 0)
      return { ok: false, error: "not an MP3 stream" };
    const channels = r.channelData.map((c) => c.slice(0, r.samplesDecoded));
    return { ok: true, audio: { sampleRateHz: r.sampleRate, channels } };
  } catch {
    return { ok: false, error: "not an MP3 stream" };
  } finally {
    decoder.free();
  }
}
