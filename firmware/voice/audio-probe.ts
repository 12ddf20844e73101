// Reads an upload's length from its headers before anything is decoded (SPEC VOICE-1/2
// upload limits): WAV from the fmt and data chunks (Microsoft RIFF/WAVE), MP3 by walking the
// MPEG audio frame headers (ISO/IEC 11172-3 2.4.1.3, 13818-3 2.4.1). An over-long file is
// refused here, because decoding it whole (a 20 MB MP3 at 32 kbit/s holds 80 minutes, over
// a gigabyte of float samples) would exhaust the box's memory.

export interface AudioProbe {
  format: "wav" | "mp3";
  durationMs: number;
}

export type ProbeResult = { ok: true; probe: AudioProbe } | { ok: false; error: string };

const NOT_AUDIO = "not a WAV or MP3 file";

/** The format and length of `bytes`, read from headers only. */
export function probeAudio(bytes: Uint8Array): ProbeResult {
  if (bytes.length >= 12 && ascii(bytes, 0) === "RIFF" && ascii(bytes, 8) === "WAVE") {
    return probeWav(bytes);
  }
  const mp3 = probeMp3(bytes);
  return mp3 === undefined ? { ok: false, error: NOT_AUDIO } : { ok: true, probe: mp3 };
}

function ascii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}

function probeWav(bytes: Uint8Array): ProbeResult {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let byteRate = 0;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = ascii(bytes, at);
    const size = v.getUint32(at + 4, true);
    if (id === "fmt " && at + 8 + 16 <= bytes.length) {
      byteRate = v.getUint32(at + 8 + 8, true);
    } else if (id === "data") {
      if (byteRate === 0) return { ok: false, error: "bad WAV file: missing fmt chunk" };
      // Streaming writers leave 0 or 0xFFFFFFFF: the data runs to the end of the file.
      const available = bytes.length - (at + 8);
      const dataBytes = size === 0 || size > available ? available : size;
      return { ok: true, probe: { format: "wav", durationMs: (dataBytes * 1000) / byteRate } };
    }
    at += 8 + size + (size & 1);
  }
  return { ok: false, error: "bad WAV file: missing data chunk" };
}

// Bit rates in kbit/s by [MPEG-1 ? 0 : 1][layer - 1][index].
const BITRATES_KBPS = [
  [
    [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  ],
  [
    [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  ],
];
const SAMPLE_RATES_HZ: Record<number, readonly number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

interface FrameHeader {
  bytes: number;
  samples: number;
  sampleRateHz: number;
}

/** The MPEG audio frame header at `at`, if one is there. */
function frameAt(b: Uint8Array, at: number): FrameHeader | undefined {
  if (at + 4 > b.length) return undefined;
  const b1 = b[at + 1] as number;
  const b2 = b[at + 2] as number;
  if (b[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const version = (b1 >> 3) & 3;
  const layer = 4 - ((b1 >> 1) & 3);
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (version === 1 || layer === 4 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3)
    return undefined;
  const mpeg1 = version === 3;
  const kbps = BITRATES_KBPS[mpeg1 ? 0 : 1]![layer - 1]![bitrateIndex]!;
  const sampleRateHz = SAMPLE_RATES_HZ[version]![rateIndex]!;
  const padding = (b2 >> 1) & 1;
  if (layer === 1) {
    return {
      bytes: (Math.floor((12000 * kbps) / sampleRateHz) + padding) * 4,
      samples: 384,
      sampleRateHz,
    };
  }
  const samples = layer === 3 && !mpeg1 ? 576 : 1152;
  const bytes = Math.floor(((samples / 8) * 1000 * kbps) / sampleRateHz) + padding;
  return { bytes, samples, sampleRateHz };
}

/** Skips an ID3v2 tag (id3.org ID3v2.4.0-structure section 3.1): a syncsafe size. */
function afterId3(b: Uint8Array): number {
  if (b.length < 10 || b[0] !== 0x49 || b[1] !== 0x44 || b[2] !== 0x33) return 0;
  const size =
    ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f);
  return 10 + size + ((b[5]! & 0x10) !== 0 ? 10 : 0);
}

// A frame is believed only when the next ones follow it: stray 0xFF bytes in other data
// rarely chain three times.
const CHAIN = 3;

function chainsFrom(b: Uint8Array, at: number): boolean {
  let p = at;
  for (let i = 0; i < CHAIN; i++) {
    const f = frameAt(b, p);
    if (!f) return i > 0 && p >= b.length;
    p += f.bytes;
  }
  return true;
}

function probeMp3(b: Uint8Array): AudioProbe | undefined {
  let at = afterId3(b);
  let seconds = 0;
  let frames = 0;
  let synced = false;
  while (at < b.length) {
    const f = frameAt(b, at);
    if (f && (synced || chainsFrom(b, at))) {
      seconds += f.samples / f.sampleRateHz;
      frames++;
      synced = true;
      at += f.bytes;
    } else {
      synced = false;
      at++;
    }
  }
  return frames === 0 ? undefined : { format: "mp3", durationMs: seconds * 1000 };
}
