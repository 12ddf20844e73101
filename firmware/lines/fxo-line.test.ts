import { describe, expect, test } from "bun:test";
import { DtmfDetector } from "../../media/dsp/dtmf-detector.ts";
import { TonePlayer } from "../../media/dsp/tone-player.ts";
import { toneSpec } from "../../media/dsp/tone-tables.ts";
import { DEFAULT_FXO_SETTINGS, type FxoLineEvent } from "./fxo-line.ts";
import { simLines } from "./sim-lines.test-helper.ts";

function events(line: { on(l: (e: FxoLineEvent) => void): () => void }) {
  const seen: FxoLineEvent[] = [];
  line.on((e) => seen.push(e));
  return seen;
}

describe("FxoLine on the simulated board", () => {
  test("the exchange rings FXO 1 with caller ID: one incoming event with that number", async () => {
    const { clock, lines, exchange, changes } = await simLines();
    const seen = events(lines.fxo[0]!);
    expect(exchange(1).ring("13800138000").ok).toBe(true);
    clock.advance(1200);
    expect(lines.fxo[0]!.state()).toBe("ringing");
    expect(seen.filter((e) => e.type === "incoming")).toEqual([]);
    // Caller ID is sent 500 ms into the 4 s pause; it is announced as soon as it is decoded.
    clock.advance(3000);
    expect(seen.filter((e) => e.type === "incoming")).toEqual([
      { type: "incoming", callerId: { number: "13800138000" } },
    ]);
    expect(changes).toContainEqual({
      port: "fxo1",
      kind: "fxo",
      index: 1,
      state: "ringing",
      fault: null,
    });
    clock.advance(10_000);
    expect(seen.filter((e) => e.type === "incoming")).toHaveLength(1);
  });

  test("a ring without caller ID is announced at the second ring with none", async () => {
    const { clock, lines, exchange } = await simLines();
    const seen = events(lines.fxo[1]!);
    exchange(2).ring();
    clock.advance(5400);
    expect(seen.filter((e) => e.type === "incoming")).toEqual([
      { type: "incoming", callerId: null },
    ]);
  });

  test("answering seizes the line; the caller giving up before that ends the ringing", async () => {
    const { clock, lines, exchange } = await simLines();
    const line = lines.fxo[0]!;
    const seen = events(line);
    exchange(1).ring("10086");
    clock.advance(5400);
    expect(line.answer().ok).toBe(true);
    clock.advance(100);
    expect(line.state()).toBe("in-use");
    expect(exchange(1).state().pbxOffHook).toBe(true);
    expect(exchange(1).state().ringing).toBe(false);
    line.hangup();
    expect(exchange(1).state().pbxOffHook).toBe(false);

    const other = lines.fxo[2]!;
    const seen3 = events(other);
    exchange(3).ring("10010");
    clock.advance(5400);
    exchange(3).hangup();
    clock.advance(10_000);
    expect(seen3.map((e) => e.type)).toContain("ringing-ended");
    expect(other.state()).toBe("idle");
    expect(seen.map((e) => e.type)).not.toContain("ringing-ended");
  });

  test("seize then dialDigits: the exchange hears the number as DTMF", async () => {
    const { clock, lines, board } = await simLines();
    const line = lines.fxo[0]!;
    const seen = events(line);
    expect(line.seize().ok).toBe(true);
    expect(line.state()).toBe("off-hook");
    expect(line.dialDigits("96").ok).toBe(true);
    expect(line.dialDigits("9x").ok).toBe(false);
    line.dialDigits("075586");
    clock.advance(1500);
    expect(seen).toContainEqual({ type: "digits-sent", digits: "075586" });
    const detector = new DtmfDetector();
    const digits: string[] = [];
    for (const f of board.lines[0]!.heardFrames())
      digits.push(...detector.process(f).map((d) => d.digit));
    digits.push(...detector.flush().map((d) => d.digit));
    expect(digits.join("")).toBe("075586");
  });

  test("far-end hang-up by loop-current drop releases the line", async () => {
    const { clock, lines, exchange } = await simLines();
    const line = lines.fxo[0]!;
    const seen = events(line);
    line.seize();
    clock.advance(500);
    exchange(1).answer();
    line.connect();
    expect(line.state()).toBe("in-use");
    exchange(1).hangup();
    clock.advance(1000);
    expect(seen).toContainEqual({ type: "far-end-hangup", reason: "loop-current-drop" });
    expect(line.state()).toBe("idle");
    expect(exchange(1).state().pbxOffHook).toBe(false);
  });

  test("far-end hang-up by polarity reversal where the exchange signals that way", async () => {
    const { clock, lines, board } = await simLines({
      fxoSettings: () => ({ ...DEFAULT_FXO_SETTINGS, hangupOnPolarityReversal: true }),
    });
    const line = lines.fxo[1]!;
    const seen = events(line);
    line.seize();
    clock.advance(500);
    board.lines[1]!.reversePolarity();
    clock.advance(500);
    expect(seen).toContainEqual({ type: "far-end-hangup", reason: "polarity-reversal" });
  });

  test("far-end hang-up by busy tone from the exchange", async () => {
    const { clock, lines, board } = await simLines();
    const line = lines.fxo[3]!;
    const seen = events(line);
    const heard: Int16Array[] = [];
    line.onAudio((f) => heard.push(f));
    line.seize();
    line.connect();
    clock.advance(500);
    // Speech-like audio first: no false hang-up.
    const speech = Array.from({ length: 100 }, (_, i) =>
      Int16Array.from({ length: 160 }, (_, n) =>
        Math.round(3000 * Math.sin((2 * Math.PI * (300 + (i % 7) * 90) * n) / 8000)),
      ),
    );
    board.lines[3]!.play(speech);
    clock.advance(2100);
    expect(seen.some((e) => e.type === "far-end-hangup")).toBe(false);
    expect(heard.length).toBeGreaterThan(90);
    const busy = new TonePlayer(toneSpec("busy", "cn"));
    board.lines[3]!.play(Array.from({ length: 150 }, () => busy.nextFrame()));
    clock.advance(3000);
    expect(seen).toContainEqual({ type: "far-end-hangup", reason: "busy-tone" });
    expect(line.state()).toBe("idle");
  });

  test("a DAA that does not answer at start is faulty; the other FXO ports work", async () => {
    const { clock, lines, exchange, report } = await simLines({
      beforeStart: (board) => board.daas[0]!.injectFault("no-response"),
    });
    expect(report.faulty.map((f) => f.port)).toEqual(["fxo1"]);
    expect(lines.fxo[0]!.state()).toBe("faulty");
    expect(lines.ports().find((p) => p.port === "fxo1")).toMatchObject({
      type: "fxo",
      state: "faulty",
      fault: { reason: "chip-not-responding" },
    });
    const seen = events(lines.fxo[1]!);
    exchange(2).ring("1");
    clock.advance(5400);
    expect(seen.map((e) => e.type)).toContain("incoming");
  });
});
