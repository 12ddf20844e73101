// 20 ms PCM frames (160 samples at 8 kHz), the unit the SLIC/DAA ports and media/ exchange.

export const FRAME_MS = 20;
export const FRAME_SAMPLES = 160;
export const SAMPLE_RATE_HZ = 8000;

/** Cuts samples into whole 20 ms frames, the last one padded with silence. */
export function toFrames(samples: Int16Array): Int16Array[] {
  const frames: Int16Array[] = [];
  for (let at = 0; at < samples.length; at += FRAME_SAMPLES) {
    const frame = new Int16Array(FRAME_SAMPLES);
    frame.set(samples.subarray(at, Math.min(at + FRAME_SAMPLES, samples.length)));
    frames.push(frame);
  }
  return frames;
}

/** Joins frames back into one sample buffer. */
export function joinFrames(frames: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of frames) {
    out.set(f, at);
    at += f.length;
  }
  return out;
}

/** `durationMs` of silence as frames. */
export function silence(durationMs: number): Int16Array[] {
  return Array.from(
    { length: Math.round(durationMs / FRAME_MS) },
    () => new Int16Array(FRAME_SAMPLES),
  );
}
