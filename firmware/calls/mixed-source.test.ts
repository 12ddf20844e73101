import { describe, expect, test } from "bun:test";
import { AnalogFrameQueue } from "./analog-frame-queue.ts";
import { MixedSource } from "./mixed-source.ts";

const frame = (value: number) => new Int16Array(160).fill(value);

describe("MixedSource", () => {
  test("each pull sums one frame of every source, clipped to 16 bits", () => {
    const [a, b] = [new AnalogFrameQueue(), new AnalogFrameQueue()];
    const mix = new MixedSource([a, b]);
    a.push(frame(1000));
    b.push(frame(-300));
    expect(mix.nextFrame()![0]).toBe(700);
    a.push(frame(30000));
    b.push(frame(30000));
    expect(mix.nextFrame()![159]).toBe(32767);
    // Nothing queued: silence, not an end.
    expect(mix.nextFrame()![0]).toBe(0);
  });

  test("ends when a source ends or when told the call is over", () => {
    const a = new AnalogFrameQueue();
    let over = false;
    const mix = new MixedSource([a], () => over);
    expect(mix.nextFrame()).toBeDefined();
    over = true;
    expect(mix.nextFrame()).toBeUndefined();
    a.close();
    expect(new MixedSource([a]).nextFrame()).toBeUndefined();
  });
});
