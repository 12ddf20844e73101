import { describe, expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import type { MemberDestination } from "./destination.ts";
import { huntOrder, RingHunt, RingMemory, type RingStrategy } from "./ring-strategy.ts";

const members: MemberDestination[] = ["201", "202", "203"].map((number, i) => ({
  kind: "analog",
  number,
  port: i + 1,
}));
const numbers = (list: readonly MemberDestination[] | undefined) => list?.map((m) => m.number);

function hunt(strategy: RingStrategy, memory = new RingMemory(), clock = new ManualClock()) {
  const department = { number: "600", members, ring: { strategy, noAnswer: "hangup" } };
  return new RingHunt(department, { memory, clock, defaultRingTimeMs: 20_000 });
}

describe("RingHunt", () => {
  test("ring all: one step with every member that can ring, then nothing", () => {
    const h = hunt("ring-all");
    const step = h.next((m) => m.number !== "202");
    expect(numbers(step?.members)).toEqual(["201", "203"]);
    expect(step?.ringTimeMs).toBe(20_000);
    expect(h.next(() => true)).toBeUndefined();
  });

  test("in order: one member a step, skipping those that cannot ring", () => {
    const h = hunt("in-order");
    const canRing = (m: MemberDestination) => m.number !== "202";
    expect(numbers(h.next(canRing)?.members)).toEqual(["201"]);
    expect(numbers(h.next(canRing)?.members)).toEqual(["203"]);
    expect(h.next(canRing)).toBeUndefined();
  });

  test("the department's ring time wins over the box's", () => {
    const department = {
      number: "600",
      members,
      ring: { strategy: "in-order" as const, ringTimeMs: 8000, noAnswer: "hangup" },
    };
    const h = new RingHunt(department, {
      memory: new RingMemory(),
      clock: new ManualClock(),
      defaultRingTimeMs: 20_000,
    });
    expect(h.next(() => true)?.ringTimeMs).toBe(8000);
  });

  test("round robin starts after the member tried last and wraps around", () => {
    const memory = new RingMemory();
    expect(numbers(hunt("round-robin", memory).next(() => true)?.members)).toEqual(["201"]);
    const second = hunt("round-robin", memory);
    expect(numbers(second.next(() => true)?.members)).toEqual(["202"]);
    expect(numbers(second.next(() => true)?.members)).toEqual(["203"]);
    // The last tried was 203: the next call starts over at 201.
    expect(numbers(hunt("round-robin", memory).next(() => true)?.members)).toEqual(["201"]);
  });

  test("least recent rings the member rung longest ago (never rung first) by the clock", () => {
    const memory = new RingMemory();
    const clock = new ManualClock();
    memory.tried("600", "201", clock.now());
    clock.advance(1000);
    memory.tried("600", "203", clock.now());
    expect(numbers(huntOrder("least-recent", "600", members, memory))).toEqual([
      "202",
      "201",
      "203",
    ]);
    const h = hunt("least-recent", memory, clock);
    clock.advance(1000);
    expect(numbers(h.next(() => true)?.members)).toEqual(["202"]);
    expect(memory.rungAtMs("202")).toBe(clock.now());
  });
});
