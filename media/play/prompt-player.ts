// Plays a sequence of PCM clips (prompts, "say" sequences) as 20 ms frames, then reports
// done. Clips join without gaps; the last frame is padded with silence. Frame-driven: the
// caller pulls one frame per media tick.

export class PromptPlayer {
  private clip = 0;
  private offset = 0;
  private stopped = false;

  constructor(
    private readonly clips: readonly Int16Array[],
    private readonly frameSamples = 160,
  ) {}

  /** True once every clip has played or the player was interrupted. */
  get done(): boolean {
    return this.stopped || this.clip >= this.clips.length;
  }

  /** The next frame, or undefined when done. */
  nextFrame(): Int16Array | undefined {
    this.skipEmpty();
    if (this.done) return undefined;
    const out = new Int16Array(this.frameSamples);
    let at = 0;
    while (at < out.length && !this.done) {
      const c = this.clips[this.clip] as Int16Array;
      const n = Math.min(out.length - at, c.length - this.offset);
      out.set(c.subarray(this.offset, this.offset + n), at);
      at += n;
      this.offset += n;
      this.skipEmpty();
    }
    return out;
  }

  /** Stops playback, e.g. when the caller presses a key during a prompt. */
  interrupt(): void {
    this.stopped = true;
  }

  private skipEmpty(): void {
    while (
      this.clip < this.clips.length &&
      this.offset >= (this.clips[this.clip] as Int16Array).length
    ) {
      this.clip++;
      this.offset = 0;
    }
  }
}
