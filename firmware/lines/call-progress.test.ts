import { describe, expect, test } from "bun:test";
import { TonePlayer } from "../../media/dsp/tone-player.ts";
import { type ToneName, toneSpec } from "../../media/dsp/tone-tables.ts";
import { BusyToneDetector, classifyCallProgress } from "./call-progress.ts";
import { decodeCallerIdAudio, encodeCallerIdAudio } from "./caller-id-audio.ts";
import { numberDialPlan } from "./dial-plan.ts";
import { silence } from "./pcm-frames.ts";

const play = (name: ToneName, frames: number, country = "cn") => {
  const p = new TonePlayer(toneSpec(name, country));
  return Array.from({ length: frames }, () => p.nextFrame());
};

const speech = (frames: number) =>
  Array.from({ length: frames }, (_, i) =>
    Int16Array.from({ length: 160 }, (_, n) =>
      Math.round(
        2500 * Math.sin((2 * Math.PI * (180 + (i % 5) * 40) * n) / 8000) +
          1500 * Math.sin((2 * Math.PI * (1100 + (i % 3) * 300) * n) / 8000),
      ),
    ),
  );

describe("classifyCallProgress (China tones unless said)", () => {
  test("each tone over a 6 s window is named", () => {
    expect(classifyCallProgress(play("dial", 30))).toBe("dial-tone");
    expect(classifyCallProgress(play("ringback", 300))).toBe("ringback");
    expect(classifyCallProgress(play("busy", 300))).toBe("busy");
    expect(classifyCallProgress(play("congestion", 300))).toBe("congestion");
    expect(classifyCallProgress(play("busy", 300, "us"), "us")).toBe("busy");
    expect(classifyCallProgress(play("congestion", 300, "us"), "us")).toBe("congestion");
  });

  test("stutter dial tone (messages wait) is told from dial tone and busy, in a 2 s window too", () => {
    expect(classifyCallProgress(play("stutter-dial", 300))).toBe("stutter-dial-tone");
    expect(classifyCallProgress(play("stutter-dial", 100))).toBe("stutter-dial-tone");
    expect(classifyCallProgress(play("stutter-dial", 100, "eu"), "eu")).toBe("stutter-dial-tone");
    expect(classifyCallProgress(play("stutter-dial", 100, "us"), "us")).toBe("stutter-dial-tone");
    expect(classifyCallProgress(play("dial", 100))).toBe("dial-tone");
    expect(classifyCallProgress(play("busy", 100))).toBe("busy");
  });

  test("ringback in its 4 s pause is still ringback; long quiet is silence; speech is audio", () => {
    expect(classifyCallProgress([...play("ringback", 50), ...silence(4000)])).toBe("ringback");
    expect(classifyCallProgress([...play("busy", 100), ...silence(2000)])).toBe("silence");
    expect(classifyCallProgress(silence(6000))).toBe("silence");
    expect(classifyCallProgress([...play("dial", 50), ...speech(100)])).toBe("audio");
    // Busy tone after a conversation ended.
    expect(classifyCallProgress([...speech(100), ...play("busy", 150)])).toBe("busy");
  });

  test("BusyToneDetector fires on two busy cycles, not on speech or dial tone", () => {
    const d = new BusyToneDetector();
    expect([...speech(200), ...play("dial", 200)].some((f) => d.push(f))).toBe(false);
    // The first burst runs into the dial tone before it, so two whole cycles end at 2.1 s.
    const busy = play("busy", 150);
    const at = busy.findIndex((f) => d.push(f));
    expect(at * 20).toBeGreaterThanOrEqual(2080);
    expect(at * 20).toBeLessThanOrEqual(2120);
  });
});

describe("caller ID audio", () => {
  test("FSK (V.23), Bell 202 and DTMF round-trip a number and name", () => {
    for (const mode of ["fsk", "bell202"] as const) {
      const audio = encodeCallerIdAudio({ number: "13800138000", name: "ZHANG" }, mode);
      expect(audio.timing).toBe("after-first-ring");
      expect(decodeCallerIdAudio(audio.frames)).toEqual({ number: "13800138000", name: "ZHANG" });
    }
    const dtmf = encodeCallerIdAudio({ number: "075586001234" }, "dtmf");
    expect(dtmf.timing).toBe("before-first-ring");
    expect(decodeCallerIdAudio(dtmf.frames)).toEqual({ number: "075586001234" });
    expect(decodeCallerIdAudio(silence(1000))).toBeNull();
  });
});

describe("numberDialPlan", () => {
  const plan = numberDialPlan({
    numbers: () => ["8001", "90", "41", "*4#", "100", "1001"],
    openPrefixes: () => ["9"],
  });

  test("a number nothing longer could follow completes at once", () => {
    expect(plan.complete("8")).toBeNull();
    expect(plan.complete("8001")).toBe("8001");
    expect(plan.complete("41")).toBe("41");
    // 100 could still become 1001; 90 could be an external number after the prefix 9.
    expect(plan.complete("100")).toBeNull();
    expect(plan.complete("90")).toBeNull();
  });

  test("# sends what was dialled, unless it belongs to a code", () => {
    expect(plan.complete("100#")).toBe("100");
    expect(plan.complete("*4#")).toBe("*4#");
    expect(plan.complete("#")).toBeNull();
  });
});
