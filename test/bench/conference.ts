// Conference benchmark (SPEC CALL-5): CPU per mixed party for one 30-party room and for ten
// rooms of three. Each party is a `ConferenceRoom` member whose audio sends a 20 ms frame of
// speech-like noise per tick and takes the room's feed, as a relay side or an analog line
// would; the room's own tick mixes. "with G.711" adds what the relay spends per party on
// decoding what the phone sends and encoding the mix it hears (PCMU tables). Time is driven
// by a manual clock, as fast as the CPU allows, and CPU is read with process.cpuUsage().
// Run with `npx bun test/bench/conference.ts` (BENCH_SECONDS=20 of audio per case by default;
// each case is run three times and the best kept).

import { ConferenceRoom } from "../../firmware/calls/conference/conference-room.ts";
import type { PartyAudio } from "../../firmware/calls/leg.ts";
import type { FrameSource, PlayingAudio } from "../../firmware/calls/media-port.ts";
import { ULAW } from "../../media/codec/g711.ts";
import { ManualClock } from "../support/manual-clock.ts";

const AUDIO_SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const FRAME = 160;

/** One party: hands its frame to the room's listener and pulls its feed, once per tick. */
class BenchAudio implements PartyAudio {
  #listener: ((pcm: Int16Array) => void) | undefined;
  #source: FrameSource | undefined;
  readonly #frame = new Int16Array(FRAME);
  readonly #payload = new Uint8Array(FRAME);
  #seed: number;

  constructor(
    seed: number,
    readonly codec: boolean,
  ) {
    this.#seed = seed;
  }

  listen(onFrame: (pcm: Int16Array) => void): () => void {
    this.#listener = onFrame;
    return () => {
      this.#listener = undefined;
    };
  }

  play(source: FrameSource): PlayingAudio {
    this.#source = source;
    return { done: new Promise(() => {}), stop: () => (this.#source = undefined) };
  }

  startMusic(): void {}
  stopMusic(): void {}

  /** The phone speaks one frame and hears one. */
  tick(): void {
    const frame = this.#frame;
    for (let i = 0; i < FRAME; i++) {
      this.#seed = (this.#seed * 1103515245 + 12345) >>> 0;
      frame[i] = ((this.#seed >>> 16) & 0x3fff) - 0x2000;
    }
    if (this.codec) {
      for (let i = 0; i < FRAME; i++) this.#payload[i] = ULAW.encode[frame[i]! & 0xffff]!;
      for (let i = 0; i < FRAME; i++) frame[i] = ULAW.decode[this.#payload[i]!]!;
    }
    this.#listener?.(frame);
    const heard = this.#source?.nextFrame();
    if (heard && this.codec)
      for (let i = 0; i < FRAME; i++) this.#payload[i] = ULAW.encode[heard[i]! & 0xffff]!;
  }
}

function run(rooms: number, perRoom: number, codec: boolean): { usPerPartySecond: number } {
  const clock = new ManualClock(0);
  const parties: BenchAudio[] = [];
  for (let r = 0; r < rooms; r++) {
    const room = new ConferenceRoom(String(90 + r), {
      clock,
      waitForAdmin: false,
      music: () => ({ nextFrame: () => new Int16Array(FRAME) }),
      clip: () => undefined,
    });
    for (let p = 0; p < perRoom; p++) {
      const audio = new BenchAudio(r * 1000 + p + 1, codec);
      parties.push(audio);
      room.join({
        id: `${r}-${p}`,
        number: String(300 + p),
        displayName: "",
        admin: false,
        audio,
        hangup: () => {},
      });
    }
  }
  const ticks = AUDIO_SECONDS * 50;
  const warm = 100;
  for (let t = 0; t < warm; t++) {
    for (const party of parties) party.tick();
    clock.advance(20);
  }
  const before = process.cpuUsage();
  for (let t = 0; t < ticks; t++) {
    for (const party of parties) party.tick();
    clock.advance(20);
  }
  const used = process.cpuUsage(before);
  const cpuUs = used.user + used.system;
  return { usPerPartySecond: cpuUs / parties.length / AUDIO_SECONDS };
}

console.log(`conference mix, ${AUDIO_SECONDS} s of audio per case (8 kHz, 20 ms frames)`);
for (const [rooms, perRoom] of [
  [1, 30],
  [10, 3],
] as const) {
  for (const codec of [false, true]) {
    // Best of three: the first pays for the JIT, and other work on the machine steals time.
    const usPerPartySecond = Math.min(
      ...[0, 1, 2].map(() => run(rooms, perRoom, codec).usPerPartySecond),
    );
    // µs of CPU per second of audio = millionths of a core; as a percentage of one core:
    const percent = usPerPartySecond / 10_000;
    console.log(
      `${rooms} room(s) x ${perRoom} parties${codec ? " with G.711" : ""}: ` +
        `${usPerPartySecond.toFixed(0)} µs CPU per party per second = ${percent.toFixed(3)} % of a core per party`,
    );
  }
}
