// RIFF/WAVE reader (Microsoft RIFF spec, WAVEFORMATEXTENSIBLE). Reads what uploads contain:
// PCM 8 (unsigned), 16, 24, 32-bit, IEEE float 32/64, A-law and mu-law, mono or
// multichannel, into 16-bit channels. A broken file is a result value, never a throw.
import { alawToLinear, mulawToLinear } from "./g711-expand.ts";

export interface WavAudio {
  sampleRateHz: number;
  /** One array per channel, 16-bit. */
  channels: Int16Array[];
  /** Format of the file as found: "pcm8", "pcm16", "pcm24", "pcm32", "float32", "float64", "alaw", "mulaw". */
  encoding: string;
}

export type WavError =
  | "not a RIFF/WAVE file"
  | "missing fmt chunk"
  | "missing data chunk"
  | "unsupported encoding"
  | "bad format parameters"
  | "truncated file";

export type WavReadResult = { ok: true; wav: WavAudio } | { ok: false; error: WavError };

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

function tag(v: DataView, at: number): string {
  return String.fromCharCode(
    v.getUint8(at),
    v.getUint8(at + 1),
    v.getUint8(at + 2),
    v.getUint8(at + 3),
  );
}

interface Fmt {
  format: number;
  channels: number;
  sampleRateHz: number;
  bits: number;
  blockAlign: number;
}

function encodingOf(fmt: Fmt): string | undefined {
  if (fmt.format === FORMAT_PCM && [8, 16, 24, 32].includes(fmt.bits)) return `pcm${fmt.bits}`;
  if (fmt.format === FORMAT_FLOAT && (fmt.bits === 32 || fmt.bits === 64))
    return `float${fmt.bits}`;
  if (fmt.format === FORMAT_ALAW && fmt.bits === 8) return "alaw";
  if (fmt.format === FORMAT_MULAW && fmt.bits === 8) return "mulaw";
  return undefined;
}

function sampleReader(v: DataView, encoding: string): (at: number) => number {
  const clip = (x: number) => Math.max(-32768, Math.min(32767, Math.round(x * 32768)));
  switch (encoding) {
    case "pcm8":
      return (at) => (v.getUint8(at) - 128) << 8;
    case "pcm16":
      return (at) => v.getInt16(at, true);
    case "pcm24":
      return (at) =>
        ((v.getUint8(at + 2) << 24) | (v.getUint8(at + 1) << 16) | (v.getUint8(at) << 8)) >> 16;
    case "pcm32":
      return (at) => v.getInt32(at, true) >> 16;
    case "float32":
      return (at) => clip(v.getFloat32(at, true));
    case "float64":
      return (at) => clip(v.getFloat64(at, true));
    case "alaw":
      return (at) => alawToLinear(v.getUint8(at));
    default:
      return (at) => mulawToLinear(v.getUint8(at));
  }
}

/** Parses a WAV file. */
export function readWav(bytes: Uint8Array): WavReadResult {
  if (bytes.length < 12) return { ok: false, error: "not a RIFF/WAVE file" };
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (tag(v, 0) !== "RIFF" || tag(v, 8) !== "WAVE")
    return { ok: false, error: "not a RIFF/WAVE file" };
  let fmt: Fmt | undefined;
  let dataAt = -1;
  let dataLen = 0;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = tag(v, at);
    const size = v.getUint32(at + 4, true);
    const body = at + 8;
    if (id === "fmt ") {
      if (size < 16 || body + 16 > bytes.length)
        return { ok: false, error: "bad format parameters" };
      let format = v.getUint16(body, true);
      if (format === FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= bytes.length) {
        // The sub-format GUID starts with the plain format code.
        format = v.getUint16(body + 24, true);
      }
      fmt = {
        format,
        channels: v.getUint16(body + 2, true),
        sampleRateHz: v.getUint32(body + 4, true),
        blockAlign: v.getUint16(body + 12, true),
        bits: v.getUint16(body + 14, true),
      };
    } else if (id === "data") {
      dataAt = body;
      // Streaming writers leave 0 or 0xFFFFFFFF here: take what the file holds.
      dataLen = size === 0 || body + size > bytes.length ? bytes.length - body : size;
      if (fmt) break;
    }
    at = body + size + (size & 1);
  }
  if (!fmt) return { ok: false, error: "missing fmt chunk" };
  if (dataAt < 0) return { ok: false, error: "missing data chunk" };
  const encoding = encodingOf(fmt);
  if (!encoding) return { ok: false, error: "unsupported encoding" };
  const width = fmt.bits / 8;
  if (
    fmt.channels < 1 ||
    fmt.channels > 16 ||
    fmt.sampleRateHz < 1000 ||
    fmt.sampleRateHz > 384000 ||
    fmt.blockAlign < width * fmt.channels
  ) {
    return { ok: false, error: "bad format parameters" };
  }
  const frames = Math.floor(dataLen / fmt.blockAlign);
  if (frames === 0 && dataLen > 0) return { ok: false, error: "truncated file" };
  const read = sampleReader(v, encoding);
  const channels: Int16Array[] = [];
  for (let c = 0; c < fmt.channels; c++) {
    const ch = new Int16Array(frames);
    for (let i = 0; i < frames; i++) ch[i] = read(dataAt + i * fmt.blockAlign + c * width);
    channels.push(ch);
  }
  return { ok: true, wav: { sampleRateHz: fmt.sampleRateHz, channels, encoding } };
}
