import { describe, expect, test } from "bun:test";
import { JitterBuffer, type JitterBufferPacket } from "./jitter-buffer.ts";

function packet(seq: number, ts = seq * 160): JitterBufferPacket {
  return {
    sequenceNumber: seq & 0xffff,
    timestamp: ts >>> 0,
    marker: false,
    payload: Uint8Array.of(seq & 0xff),
  };
}

function played(jb: JitterBuffer, nowMs: number): string {
  const out = jb.get(nowMs);
  return out.kind === "frame" ? `#${out.packet.sequenceNumber}` : out.kind;
}

describe("JitterBuffer", () => {
  test("buffers up to the initial delay, then plays one frame per get in order", () => {
    const jb = new JitterBuffer({
      clockRateHz: 8000,
      frameTimestampUnits: 160,
      initialDelayMs: 40,
    });
    const heard: string[] = [];
    for (let i = 0; i < 6; i++) {
      jb.put(packet(i), i * 20);
      heard.push(played(jb, i * 20));
    }
    expect(heard).toEqual(["buffering", "buffering", "#0", "#1", "#2", "#3"]);
    expect(jb.stats().played).toBe(4);
  });

  test("puts reordered packets back in order", () => {
    const jb = new JitterBuffer({
      clockRateHz: 8000,
      frameTimestampUnits: 160,
      initialDelayMs: 60,
    });
    const order = [0, 2, 1, 3, 5, 4, 6, 7];
    for (const [i, seq] of order.entries()) jb.put(packet(seq), i * 20);
    const heard = [];
    for (let i = 0; i < 8; i++) heard.push(played(jb, 160 + i * 20));
    expect(heard).toEqual(["#0", "#1", "#2", "#3", "#4", "#5", "#6", "#7"]);
  });

  test("a packet that never comes is reported missing; one arriving after its turn is late", () => {
    const jb = new JitterBuffer({
      clockRateHz: 8000,
      frameTimestampUnits: 160,
      initialDelayMs: 20,
    });
    jb.put(packet(0), 0);
    jb.put(packet(2), 15);
    expect(played(jb, 20)).toBe("#0");
    expect(played(jb, 40)).toBe("missing");
    expect(jb.put(packet(1), 45)).toBe("late");
    expect(played(jb, 60)).toBe("#2");
    const s = jb.stats();
    expect([s.missing, s.late]).toEqual([1, 1]);
  });

  test("duplicates are dropped and counted", () => {
    const jb = new JitterBuffer({ clockRateHz: 8000, frameTimestampUnits: 160 });
    expect(jb.put(packet(7), 0)).toBe("queued");
    expect(jb.put(packet(7), 1)).toBe("duplicate");
    expect(jb.stats().duplicates).toBe(1);
  });

  test("an empty buffer while playing is an underrun that delays later frames", () => {
    const jb = new JitterBuffer({
      clockRateHz: 8000,
      frameTimestampUnits: 160,
      initialDelayMs: 20,
    });
    jb.put(packet(0), 0);
    expect(played(jb, 20)).toBe("#0");
    expect(played(jb, 40)).toBe("underrun");
    jb.put(packet(1), 50);
    expect(played(jb, 60)).toBe("#1");
    expect(jb.stats().underruns).toBe(1);
  });

  test("target delay grows with measured jitter and stays at the floor on a clean network", () => {
    const clean = new JitterBuffer({ clockRateHz: 8000, frameTimestampUnits: 160 });
    const jittery = new JitterBuffer({ clockRateHz: 8000, frameTimestampUnits: 160 });
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const wobbleMs = (seed >>> 16) % 40; // 0-40 ms network delay variation
      clean.put(packet(i), i * 20);
      jittery.put(packet(i), i * 20 + wobbleMs);
      clean.get(i * 20 + 10);
      jittery.get(i * 20 + 10);
    }
    expect(clean.stats().targetDelayMs).toBe(20);
    const target = jittery.stats().targetDelayMs;
    expect(target).toBeGreaterThanOrEqual(60);
    expect(target).toBeLessThanOrEqual(200);
  });

  test("an over-full buffer skips frames to come back down to the target", () => {
    const jb = new JitterBuffer({
      clockRateHz: 8000,
      frameTimestampUnits: 160,
      initialDelayMs: 20,
    });
    // A burst of 10 frames at once (a network stall releasing), then a steady stream.
    for (let i = 0; i < 10; i++) jb.put(packet(i), 0);
    for (let i = 10; i < 200; i++) {
      jb.put(packet(i), (i - 9) * 20);
      jb.get((i - 9) * 20 + 10);
    }
    expect(jb.stats().skipped).toBeGreaterThan(0);
    expect(jb.stats().bufferedFrames).toBeLessThanOrEqual(4);
  });

  test("timestamps wrapping past 2^32 play on in order", () => {
    const jb = new JitterBuffer({
      clockRateHz: 8000,
      frameTimestampUnits: 160,
      initialDelayMs: 20,
    });
    const base = 2 ** 32 - 320;
    const heard = [];
    for (let i = 0; i < 5; i++) {
      jb.put(packet(i, base + i * 160), i * 20);
      heard.push(played(jb, i * 20 + 20));
    }
    expect(heard).toEqual(["#0", "#1", "#2", "#3", "#4"]);
  });

  test("with 0-40 ms of random network delay almost every frame is played in time", () => {
    const jb = new JitterBuffer({ clockRateHz: 8000, frameTimestampUnits: 160 });
    const arrivals: [number, number][] = [];
    let seed = 99;
    for (let i = 0; i < 1500; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      arrivals.push([i * 20 + ((seed >>> 16) % 40), i]);
    }
    arrivals.sort((a, b) => a[0] - b[0]);
    let next = 0;
    for (let tick = 0; tick < 1500; tick++) {
      const now = tick * 20;
      while (next < arrivals.length && arrivals[next]![0] <= now) {
        jb.put(packet(arrivals[next]![1]), arrivals[next]![0]);
        next++;
      }
      jb.get(now);
    }
    const s = jb.stats();
    expect(s.played).toBeGreaterThan(1400);
    expect((s.late + s.missing) / s.played).toBeLessThan(0.02);
  });

  test("after silence suppression a marked talkspurt is buffered afresh, not concealed", () => {
    const jb = new JitterBuffer({
      clockRateHz: 8000,
      frameTimestampUnits: 160,
      initialDelayMs: 40,
    });
    const heard: string[] = [];
    // Talkspurt 1: frames 0-4; silence (nothing sent) for 10 frames; talkspurt 2 from frame 15.
    for (let tick = 0; tick < 25; tick++) {
      const now = tick * 20;
      const seq = tick;
      if (tick < 5 || tick >= 15) {
        jb.put({ ...packet(seq), marker: tick === 15 }, now);
      }
      heard.push(played(jb, now));
    }
    expect(heard.slice(0, 7)).toEqual(["buffering", "buffering", "#0", "#1", "#2", "#3", "#4"]);
    expect(heard.slice(15, 20)).toEqual(["buffering", "buffering", "#15", "#16", "#17"]);
    expect(jb.stats().missing).toBe(0);
  });
});
