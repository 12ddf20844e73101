// SPEC VOICE-1: the "default" music-on-hold class made at first boot holds one clip, so a
// held caller hears music before anyone uploads any. It is synthesized rather than shipped:
// a soft mallet-like arpeggio over C - Am - F - G in equal temperament (A4 = 440 Hz), each
// note a decaying fundamental with a quieter octave, note tails wrapped to the start so the
// clip loops without a click. About 10 s, 150 kB at 8 kHz.

const TEMPO_BPM = 100;
const EIGHTH_S = 60 / TEMPO_BPM / 2;
const PEAK = 0.35 * 32767;

// MIDI note numbers: each chord's bass, then the arpeggio over it (8 eighth notes).
const PROGRESSION: readonly { bass: number; arpeggio: readonly number[] }[] = [
  { bass: 48, arpeggio: [60, 64, 67, 72, 76, 72, 67, 64] }, // C
  { bass: 45, arpeggio: [57, 60, 64, 69, 72, 69, 64, 60] }, // Am
  { bass: 41, arpeggio: [57, 60, 65, 69, 72, 69, 65, 60] }, // F
  { bass: 43, arpeggio: [59, 62, 67, 71, 74, 71, 67, 62] }, // G
];

function frequencyHz(midi: number): number {
  return 440 * 2 ** ((midi - 69) / 12);
}

/** Adds one decaying note into `out`, wrapping past the end to the start. */
function addNote(
  out: Float64Array,
  sampleRateHz: number,
  startS: number,
  midi: number,
  level: number,
  decayS: number,
): void {
  const f = frequencyHz(midi);
  const start = Math.round(startS * sampleRateHz);
  const length = Math.round(decayS * 5 * sampleRateHz);
  const attack = Math.round(0.01 * sampleRateHz);
  for (let i = 0; i < length; i++) {
    const t = i / sampleRateHz;
    const envelope = Math.min(1, i / attack) * Math.exp(-t / decayS);
    const tone = Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(4 * Math.PI * f * t);
    const at = (start + i) % out.length;
    out[at] = (out[at] as number) + level * envelope * tone;
  }
}

/** The default music-on-hold clip as 16-bit samples at `sampleRateHz`. */
export function synthesizeDefaultMusic(sampleRateHz = 8000): Int16Array {
  const beats = PROGRESSION.length * 8;
  const mix = new Float64Array(Math.round(beats * EIGHTH_S * sampleRateHz));
  PROGRESSION.forEach((chord, c) => {
    const chordStartS = c * 8 * EIGHTH_S;
    addNote(mix, sampleRateHz, chordStartS, chord.bass, 0.5, 1.2);
    chord.arpeggio.forEach((note, n) => {
      addNote(mix, sampleRateHz, chordStartS + n * EIGHTH_S, note, 0.35, 0.45);
    });
  });
  let peak = 0;
  for (const v of mix) peak = Math.max(peak, Math.abs(v));
  const out = new Int16Array(mix.length);
  for (let i = 0; i < mix.length; i++) out[i] = Math.round(((mix[i] as number) / peak) * PEAK);
  return out;
}
