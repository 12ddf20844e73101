// One contract for every PcmPort backend (STYLE 3): what a driver sends on its channel is what the
// chip gets on its time slot, sample by sample, and what the chip sends arrives on that channel
// only. Backends may put silence between frames (a real highway never stops), never anything else.
import { afterEach, describe, expect, test } from "bun:test";
import { PCM_FRAME_SAMPLES } from "./pcm-channel.ts";
import type { PcmPort } from "./pcm-port.ts";

export interface PcmPortHarness {
  readonly port: PcmPort;
  /** Two distinct channels of the port, as the board's ports would name them. */
  readonly channels: readonly [number, number];
  /** Non-silent frames that reached the chip side of a channel (after the port is closed). */
  landed(channel: number): Promise<Int16Array[]>;
  /** Frames the chip side of a channel sends once the port is open. */
  readonly incoming: ReadonlyMap<number, readonly Int16Array[]>;
}

/** A recognisable frame: a ramp offset by `tag`, so a swapped or shifted sample shows. */
export function taggedFrame(tag: number): Int16Array {
  return Int16Array.from({ length: PCM_FRAME_SAMPLES }, (_, i) => tag * 1000 + i - 80);
}

const silent = (f: Int16Array) => f.every((s) => s === 0);

export function pcmPortContract(
  backend: string,
  makeHarness: (incoming: Map<number, Int16Array[]>) => PcmPortHarness,
): void {
  describe(`PcmPort contract: ${backend}`, () => {
    let open: PcmPort | undefined;
    afterEach(async () => {
      await open?.close();
      open = undefined;
    });

    test("frames written for one port land on its slot, in order, sample by sample", async () => {
      const h = makeHarness(new Map());
      const [a, b] = h.channels;
      await h.port.open();
      open = h.port;
      h.port.channel(a).transmit(taggedFrame(1));
      await Bun.sleep(30);
      h.port.channel(a).transmit(taggedFrame(2));
      h.port.channel(b).transmit(taggedFrame(3));
      await Bun.sleep(100);
      await h.port.close();
      open = undefined;
      expect(await h.landed(a)).toEqual([taggedFrame(1), taggedFrame(2)]);
      expect(await h.landed(b)).toEqual([taggedFrame(3)]);
    });

    test("frames the chip sends arrive on its port's channel and no other", async () => {
      const [a, b] = makeHarness(new Map()).channels;
      const h = makeHarness(new Map([[b, [taggedFrame(7), taggedFrame(8)]]]));
      const got = new Map<number, Int16Array[]>([
        [a, []],
        [b, []],
      ]);
      for (const c of [a, b]) h.port.channel(c).onReceive((f) => got.get(c)?.push(f));
      await h.port.open();
      open = h.port;
      await Bun.sleep(150);
      expect(
        got
          .get(b)
          ?.filter((f) => !silent(f))
          .slice(0, 2),
      ).toEqual([taggedFrame(7), taggedFrame(8)]);
      expect(got.get(a)?.every(silent)).toBe(true);
    });

    test("a sender that falls silent for a while and resumes is heard again, in order", async () => {
      const h = makeHarness(new Map());
      const [a] = h.channels;
      await h.port.open();
      open = h.port;
      h.port.channel(a).transmit(taggedFrame(1));
      await Bun.sleep(200);
      for (const tag of [2, 3, 4]) {
        h.port.channel(a).transmit(taggedFrame(tag));
        await Bun.sleep(20);
      }
      await Bun.sleep(60);
      await h.port.close();
      open = undefined;
      expect(await h.landed(a)).toEqual([1, 2, 3, 4].map(taggedFrame));
    });
  });
}
