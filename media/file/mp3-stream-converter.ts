// MP3 uploads (ISO/IEC 11172-3, 13818-3) converted to the box's 8 kHz 16-bit mono a piece at
// a time: the mpg123 decoder (WASM, the `mpg123-decoder` package, see mp3-decoder.ts) is fed
// 256 kB of the file at a time, each piece is mixed to mono and resampled as it comes. The
// whole-file path decodes everything first and peaks above 1 GB for a 10-minute song;
// this one stays within a few tens of megabytes beyond the result.
import { ChunkedResampler } from "./chunked-resampler.ts";
import type { BoxAudio } from "./convert-to-box-format.ts";
import { mixToMono } from "./mix-to-mono.ts";
import { openMp3Decoder } from "./mp3-decoder.ts";
import { writeWav } from "./wav-writer.ts";

const FEED_BYTES = 256 * 1024;
const BOX_RATE_HZ = 8000;

export type Mp3ConvertResult = { ok: true; audio: BoxAudio } | { ok: false; error: string };

/** Decodes and converts a whole MP3 file, piece by piece. */
export async function convertMp3Streaming(bytes: Uint8Array): Promise<Mp3ConvertResult> {
  const decoder = await openMp3Decoder();
  if (!decoder) return { ok: false, error: "mp3 decoder unavailable" };
  try {
    let resampler: ChunkedResampler | undefined;
    let sourceRateHz = 0;
    let channels = 0;
    for (let at = 0; at < bytes.length; at += FEED_BYTES) {
      const r = decoder.decode(bytes.subarray(at, at + FEED_BYTES));
      if (r.samplesDecoded === 0) continue;
      if (!resampler) {
        sourceRateHz = r.sampleRate;
        channels = r.channelData.length;
        resampler = new ChunkedResampler(sourceRateHz, BOX_RATE_HZ);
      }
      resampler.push(mixToMono(r.channelData, r.samplesDecoded));
    }
    const samples = resampler?.finish();
    if (!samples) return { ok: false, error: "not a WAV or MP3 file" };
    if (samples.length === 0) return { ok: false, error: "no audio in file" };
    return {
      ok: true,
      audio: {
        samples,
        wav: writeWav(BOX_RATE_HZ, [samples]),
        durationMs: Math.round((samples.length * 1000) / BOX_RATE_HZ),
        source: { format: "mp3", sampleRateHz: sourceRateHz, channels },
      },
    };
  } catch {
    return { ok: false, error: "not a WAV or MP3 file" };
  } finally {
    decoder.free();
  }
}
