// SPEC VOICE-1, VOICE-2: an uploaded MP3 or WAV is checked and converted once, at upload, to
// the box's format (8 kHz 16-bit mono WAV), so playing it later costs nothing. The size is
// checked first, then the length from the headers (audio-probe.ts), and only then is the
// file decoded.
import { type BoxAudio, convertToBoxFormat } from "../../media/file/convert-to-box-format.ts";
import { probeAudio } from "./audio-probe.ts";
import { refuse, type VoiceResult } from "./voice-result.ts";

export interface UploadLimits {
  maxUploadBytes: number;
  maxDurationMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxUploadBytes: 20 * 1024 * 1024,
  maxDurationMs: 10 * 60 * 1000,
};

// MP3 encoders add up to a few frames of delay and padding: a track of exactly the limit
// must still pass.
const ENCODER_GRACE_MS = 1000;

/** A converted upload, ready to store. */
export interface ConvertedUpload {
  audio: BoxAudio;
  /** What was uploaded, for the operator's list: "mp3 44100 Hz stereo". */
  source: string;
}

/** Checks and converts an uploaded file; refusals name the "file" field. */
export async function convertUpload(
  bytes: Uint8Array,
  fileName: string,
  limits: UploadLimits,
): Promise<VoiceResult<ConvertedUpload>> {
  if (bytes.length > limits.maxUploadBytes) {
    return refuse(
      "too_large",
      `is larger than the ${formatBytes(limits.maxUploadBytes)} upload limit`,
      "file",
    );
  }
  if (bytes.length === 0) return refuse("not_audio", "is empty", "file");
  const probed = probeAudio(bytes);
  if (!probed.ok) return refuse("not_audio", describe(probed.error), "file");
  const tooLong = () =>
    refuse("too_long", `is longer than ${formatMinutes(limits.maxDurationMs)}`, "file");
  if (probed.probe.durationMs > limits.maxDurationMs + ENCODER_GRACE_MS) return tooLong();
  // MP3s are decoded a piece at a time: whole, a 10-minute song peaks above 1 GB.
  const converted = await convertToBoxFormat(bytes, fileName);
  if (!converted.ok) return refuse("not_audio", describe(converted.error), "file");
  const audio = converted.audio;
  if (audio.durationMs > limits.maxDurationMs + ENCODER_GRACE_MS) return tooLong();
  const { format, sampleRateHz, channels } = audio.source;
  const layout = channels === 1 ? "mono" : channels === 2 ? "stereo" : `${channels} channels`;
  return { ok: true, value: { audio, source: `${format} ${sampleRateHz} Hz ${layout}` } };
}

/** Reads after the field name: "file is not a WAV or MP3 file". */
function describe(error: string): string {
  const broken = /^bad WAV file: (.*)$/.exec(error);
  if (broken) return `is a broken WAV file (${broken[1]})`;
  if (error === "no audio in file") return "holds no audio";
  if (error === "mp3 decoder unavailable") return "cannot be decoded: the MP3 decoder is missing";
  return `is ${error}`;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${Math.round(n / 1024)} kB`;
}

function formatMinutes(ms: number): string {
  const minutes = ms / 60000;
  if (minutes === 1) return "1 minute";
  return Number.isInteger(minutes) ? `${minutes} minutes` : `${Math.round(ms / 1000)} seconds`;
}
