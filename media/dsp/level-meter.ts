// Level measurement in dBFS, 0 dBFS being a full-scale square wave (RMS 32768); a
// full-scale sine reads -3.01 dBFS and a 0 dBm0 sine (G.711) about -6.2 dBFS.

/** Floor reported for digital silence. */
export const SILENCE_DBFS = -120;

/** RMS level of a frame in dBFS. */
export function rmsDbfs(frame: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < frame.length; i++) sum += (frame[i] as number) ** 2;
  if (sum === 0 || frame.length === 0) return SILENCE_DBFS;
  return Math.max(SILENCE_DBFS, 10 * Math.log10(sum / frame.length / 32768 ** 2));
}

/** Peak level of a frame in dBFS. */
export function peakDbfs(frame: ArrayLike<number>): number {
  let peak = 0;
  for (let i = 0; i < frame.length; i++) peak = Math.max(peak, Math.abs(frame[i] as number));
  return peak === 0 ? SILENCE_DBFS : Math.max(SILENCE_DBFS, 20 * Math.log10(peak / 32768));
}

/** Running level meter: the last frame's RMS and a peak hold that decays per frame. */
export class LevelMeter {
  levelDbfs = SILENCE_DBFS;
  peakHoldDbfs = SILENCE_DBFS;

  constructor(private readonly decayDbPerFrame = 0.5) {}

  /** Measures one frame and returns its RMS level in dBFS. */
  measure(frame: Int16Array): number {
    this.levelDbfs = rmsDbfs(frame);
    const peak = peakDbfs(frame);
    this.peakHoldDbfs = Math.max(peak, this.peakHoldDbfs - this.decayDbPerFrame);
    return this.levelDbfs;
  }
}
