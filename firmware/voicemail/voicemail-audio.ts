// The few sounds and checks voicemail needs on 8 kHz 16-bit mono audio.

/** Messages shorter than this are dropped (SPEC CALL-7: very short messages). */
export const MIN_MESSAGE_MS = 1000;
/** A 20 ms frame louder than this RMS (about -40 dBm0) counts as sound, not silence. */
const SOUND_RMS = 250;

export function silence(ms: number): Int16Array {
  return new Int16Array((ms * 8000) / 1000);
}

/** The record tone: 1 kHz for 300 ms, then 200 ms of silence before recording starts. */
export function beep(): Int16Array {
  const tone = new Int16Array(0.5 * 8000);
  for (let i = 0; i < 0.3 * 8000; i++)
    tone[i] = Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 8000));
  return tone;
}

export function joinFrames(frames: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of frames) {
    out.set(f, at);
    at += f.length;
  }
  return out;
}

/** Long enough, and with at least a quarter second of sound in it. */
export function isWorthKeeping(samples: Int16Array): boolean {
  if (samples.length < (MIN_MESSAGE_MS * 8000) / 1000) return false;
  let loud = 0;
  for (let at = 0; at + 160 <= samples.length; at += 160) {
    let sum = 0;
    for (let i = at; i < at + 160; i++) sum += (samples[i] as number) ** 2;
    if (Math.sqrt(sum / 160) > SOUND_RMS) loud++;
  }
  return loud * 20 >= 250;
}
