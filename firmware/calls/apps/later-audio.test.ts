import { expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import type { PartyAudio } from "../leg.ts";
import type { FrameSource } from "../media-port.ts";
import { LaterAudio } from "./later-audio.ts";

function party() {
  const listeners = new Set<(pcm: Int16Array) => void>();
  const played: FrameSource[] = [];
  const audio: PartyAudio = {
    listen(onFrame) {
      listeners.add(onFrame);
      return () => listeners.delete(onFrame);
    },
    play(source) {
      played.push(source);
      return { done: Promise.resolve(), stop() {} };
    },
    startMusic() {},
    stopMusic() {},
  };
  return { audio, listeners, played };
}

test("listeners and the source playing wait for the party, then move to it", async () => {
  const later = new LaterAudio();
  const heard: Int16Array[] = [];
  const stop = later.listen((pcm) => heard.push(pcm));
  const source: FrameSource = { nextFrame: () => undefined };
  const playing = later.play(source);
  let done = false;
  void playing.done.then(() => {
    done = true;
  });
  const far = party();
  later.attach(far.audio);
  expect(far.played).toEqual([source]);
  for (const l of far.listeners) l(new Int16Array(160));
  expect(heard).toHaveLength(1);
  await Promise.resolve();
  await Promise.resolve();
  expect(done).toBe(true);
  stop();
  expect(far.listeners.size).toBe(0);
  // Once there, plays go straight through.
  later.play(source);
  expect(far.played).toHaveLength(2);
});

test("a play stopped before the party came is not started on it", () => {
  const later = new LaterAudio();
  later.play({ nextFrame: () => undefined }).stop();
  const far = party();
  later.attach(far.audio);
  expect(far.played).toHaveLength(0);
});

test("before the party comes the box speaks in its place, frame by frame on the clock", async () => {
  const clock = new ManualClock();
  const later = new LaterAudio();
  const heard: Int16Array[] = [];
  later.listen((pcm) => heard.push(pcm));
  const frames = [new Int16Array(160).fill(1), new Int16Array(160).fill(2)];
  const playing = later.say({ nextFrame: () => frames.shift() }, clock);
  clock.advance(20);
  expect(heard.map((f) => f[0])).toEqual([1]);
  clock.advance(40);
  expect(heard.map((f) => f[0])).toEqual([1, 2]);
  await playing.done;
  clock.advance(100);
  expect(heard).toHaveLength(2);
});
