// Upload conversion for music on hold and custom prompts (SPEC VOICE-1, VOICE-2): any WAV
// the reader accepts, or an MP3, becomes the box's format, 8 kHz 16-bit mono, converted once
// at upload. Channels are averaged, then resampled with the windowed-sinc resampler.
import { mixToMono } from "./mix-to-mono.ts";
import { convertMp3Streaming } from "./mp3-stream-converter.ts";
import { resample } from "./resampler.ts";
import { readWav } from "./wav-reader.ts";
import { writeWav } from "./wav-writer.ts";

export const BOX_SAMPLE_RATE_HZ = 8000;

export interface BoxAudio {
  /** 8 kHz 16-bit mono samples. */
  samples: Int16Array;
  /** The same as a WAV file, ready to store. */
  wav: Uint8Array;
  durationMs: number;
  source: { format: "wav" | "mp3"; sampleRateHz: number; channels: number };
}

export type ConvertResult = { ok: true; audio: BoxAudio } | { ok: false; error: string };

function looksLikeMp3(bytes: Uint8Array): boolean {
  if (bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) return true; // "ID3"
  return bytes[0] === 0xff && ((bytes[1] as number) & 0xe0) === 0xe0;
}

function toPcm16(x: Float32Array): Int16Array {
  const out = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) {
    out[i] = Math.max(-32768, Math.min(32767, Math.round((x[i] as number) * 32768)));
  }
  return out;
}

/** Converts an uploaded file to 8 kHz 16-bit mono; `nameHint` is the uploaded file name. */
export async function convertToBoxFormat(bytes: Uint8Array, nameHint = ""): Promise<ConvertResult> {
  if (bytes.length === 0) return { ok: false, error: "empty file" };
  const isRiff = bytes.length >= 4 && String.fromCharCode(...bytes.subarray(0, 4)) === "RIFF";
  let channels: Float32Array[];
  let source: BoxAudio["source"];
  if (isRiff) {
    const r = readWav(bytes);
    if (!r.ok) return { ok: false, error: `bad WAV file: ${r.error}` };
    channels = r.wav.channels.map((c) => Float32Array.from(c, (v) => v / 32768));
    source = { format: "wav", sampleRateHz: r.wav.sampleRateHz, channels: channels.length };
  } else if (looksLikeMp3(bytes) || /\.mp3$/i.test(nameHint)) {
    // A piece at a time: a 10-minute song decoded whole would need over a gigabyte.
    return convertMp3Streaming(bytes);
  } else {
    return { ok: false, error: "not a WAV or MP3 file" };
  }
  const mono = resample(mixToMono(channels), source.sampleRateHz, BOX_SAMPLE_RATE_HZ);
  if (mono.length === 0) return { ok: false, error: "no audio in file" };
  const samples = toPcm16(mono);
  return {
    ok: true,
    audio: {
      samples,
      wav: writeWav(BOX_SAMPLE_RATE_HZ, [samples]),
      durationMs: Math.round((samples.length * 1000) / BOX_SAMPLE_RATE_HZ),
      source,
    },
  };
}
