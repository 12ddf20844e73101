import { describe, expect, test } from "bun:test";
import { Mixer } from "./mixer.ts";
import { KNEE, softLimit } from "./soft-limiter.ts";

function tone(value: number, samples = 160): Int16Array {
  return new Int16Array(samples).fill(value);
}

describe("Mixer", () => {
  test("each party hears the sum of everyone but itself", () => {
    const mixer = new Mixer({ sampleRateHz: 8000 });
    for (const id of ["a", "b", "c"]) mixer.add(id);
    mixer.put("a", tone(100));
    mixer.put("b", tone(20));
    mixer.put("c", tone(3));
    mixer.mix();
    expect(mixer.output("a")[0]).toBe(23);
    expect(mixer.output("b")[159]).toBe(103);
    expect(mixer.output("c")[80]).toBe(120);
  });

  test("a muted party hears the others but is heard by nobody", () => {
    const mixer = new Mixer({ sampleRateHz: 8000 });
    for (const id of ["a", "b", "c"]) mixer.add(id);
    mixer.setMuted("c", true);
    mixer.put("a", tone(100));
    mixer.put("b", tone(20));
    mixer.put("c", tone(3));
    mixer.mix();
    expect(mixer.output("a")[0]).toBe(20);
    expect(mixer.output("b")[0]).toBe(100);
    expect(mixer.output("c")[0]).toBe(120);
  });

  test("a party that sent nothing this frame is silent, and inputs do not linger", () => {
    const mixer = new Mixer({ sampleRateHz: 16000 });
    mixer.add("a");
    mixer.add("b");
    mixer.put("a", tone(50, 320));
    mixer.mix();
    expect(mixer.output("b")[319]).toBe(50);
    expect(mixer.output("a")[0]).toBe(0);
    mixer.mix();
    expect(mixer.output("b")[0]).toBe(0);
  });

  test("whisper: the agent hears the coach, the customer does not", () => {
    const mixer = new Mixer({ sampleRateHz: 8000 });
    for (const id of ["customer", "agent", "coach"]) mixer.add(id);
    mixer.setHears("customer", ["agent"]);
    mixer.put("customer", tone(1));
    mixer.put("agent", tone(10));
    mixer.put("coach", tone(100));
    mixer.mix();
    expect(mixer.output("customer")[0]).toBe(10);
    expect(mixer.output("agent")[0]).toBe(101);
    expect(mixer.output("coach")[0]).toBe(11);
    mixer.setHears("customer", undefined);
    mixer.put("coach", tone(100));
    mixer.mix();
    expect(mixer.output("customer")[0]).toBe(100);
  });

  test("loud sums are limited smoothly and never wrap", () => {
    const mixer = new Mixer({ sampleRateHz: 8000 });
    for (const id of ["a", "b", "c", "d"]) mixer.add(id);
    for (const id of ["a", "b", "c"]) mixer.put(id, tone(30000));
    mixer.put("d", tone(-30000));
    mixer.mix();
    const d = mixer.output("d")[0]!;
    expect(d).toBeGreaterThan(KNEE);
    expect(d).toBeLessThanOrEqual(32767);
    expect(mixer.output("a")[0]).toBe(softLimit(30000 + 30000 - 30000));
  });

  test("removed parties are no longer heard", () => {
    const mixer = new Mixer({ sampleRateHz: 8000 });
    mixer.add("a");
    mixer.add("b");
    mixer.remove("b");
    expect(mixer.parties).toEqual(["a"]);
    expect(() => mixer.put("b", tone(1))).toThrow();
    expect(() => mixer.put("a", tone(1, 100))).toThrow();
  });
});

describe("softLimit", () => {
  test("is the identity below the knee, monotonic above it, and bounded by full scale", () => {
    expect(softLimit(1000)).toBe(1000);
    expect(softLimit(-KNEE)).toBe(-KNEE);
    let previous = softLimit(KNEE);
    for (let x = KNEE + 1; x < 400000; x += 97) {
      const y = softLimit(x);
      expect(y).toBeGreaterThanOrEqual(previous);
      expect(y).toBeLessThanOrEqual(32767);
      expect(softLimit(-x)).toBe(-y);
      previous = y;
    }
    expect(softLimit(10 * 32767)).toBe(32767);
  });
});
