import { describe, expect, test } from "bun:test";
import type { FxsLineEvent } from "./fxs-line.ts";
import { DEFAULT_FXS_SETTINGS } from "./fxs-line.ts";
import { simLines } from "./sim-lines.test-helper.ts";

function events(line: { on(l: (e: FxsLineEvent) => void): () => void }) {
  const seen: FxsLineEvent[] = [];
  line.on((e) => seen.push(e));
  return seen;
}

describe("FxsLine on the simulated board", () => {
  test("lifting the handset gives China dial tone (450 Hz continuous) and an off-hook state", async () => {
    const { clock, lines, phone, changes } = await simLines();
    const seen = events(lines.fxs[0]!);
    phone(1).offhook();
    clock.advance(600);
    expect(phone(1).state().hears).toBe("dial-tone");
    expect(lines.fxs[0]!.state()).toBe("off-hook");
    expect(seen.filter((e) => e.type !== "state")).toEqual([{ type: "off-hook" }]);
    expect(changes).toContainEqual({
      port: "fxs1",
      kind: "fxs",
      index: 1,
      state: "off-hook",
      fault: null,
    });
  });

  test("dialling 101 gives one dial('101') event after the 4 s inter-digit timeout", async () => {
    const { clock, lines, phone } = await simLines();
    const seen = events(lines.fxs[0]!);
    phone(1).offhook();
    clock.advance(300);
    expect(phone(1).dial("101").ok).toBe(true);
    clock.advance(600 + 3800);
    expect(seen.some((e) => e.type === "dial")).toBe(false);
    clock.advance(400);
    expect(seen.filter((e) => e.type === "dial")).toEqual([{ type: "dial", number: "101" }]);
    // Dial tone stopped at the first digit.
    expect(phone(1).state().hears).not.toBe("dial-tone");
  });

  test("a complete extension number or a # ends collection at once", async () => {
    const { clock, lines, phone } = await simLines();
    const seen = events(lines.fxs[1]!);
    phone(2).offhook();
    clock.advance(200);
    phone(2).dial("8002");
    clock.advance(1000);
    expect(seen.filter((e) => e.type === "dial")).toEqual([{ type: "dial", number: "8002" }]);

    const on3 = events(lines.fxs[2]!);
    phone(3).offhook();
    clock.advance(200);
    phone(3).dial("912345#");
    clock.advance(1400);
    expect(on3.filter((e) => e.type === "dial")).toEqual([{ type: "dial", number: "912345" }]);
  });

  test("ringing with caller ID 13800138000: the phone shows it and rings 1 s on, 4 s off", async () => {
    const { clock, lines, phone } = await simLines();
    expect(lines.fxs[1]!.ring({ number: "13800138000" }).ok).toBe(true);
    expect(lines.fxs[1]!.state()).toBe("ringing");
    clock.advance(10_500);
    const s = phone(2).state();
    expect(s.ringing).toBe(true);
    expect(s.callerId?.number).toBe("13800138000");
    const bursts = s.ringBursts;
    expect(bursts.length).toBeGreaterThanOrEqual(3);
    expect(bursts[0]!.endMs! - bursts[0]!.startMs).toBe(1000);
    expect(bursts[1]!.startMs - bursts[0]!.endMs!).toBe(4000);
    expect(bursts[1]!.startMs - bursts[0]!.startMs).toBe(5000);
  });

  test("DTMF and Bell 202 caller ID are selectable", async () => {
    for (const callerIdMode of ["dtmf", "bell202"] as const) {
      const { clock, lines, phone } = await simLines({
        fxsSettings: () => ({ ...DEFAULT_FXS_SETTINGS, callerIdMode }),
      });
      lines.fxs[0]!.ring({ number: "075586001234" });
      clock.advance(6_500);
      expect(phone(1).state().callerId?.number).toBe("075586001234");
    }
  });

  test("answering a ringing phone connects it; audio flows with the extension's gains", async () => {
    const { clock, lines, phone, board } = await simLines({
      fxsSettings: () => ({ ...DEFAULT_FXS_SETTINGS, rxGainDb: 6, txGainDb: -6 }),
    });
    const line = lines.fxs[0]!;
    const seen = events(line);
    line.ring(null);
    clock.advance(500);
    phone(1).offhook();
    clock.advance(200);
    expect(seen).toContainEqual({ type: "answer" });
    expect(line.state()).toBe("in-use");

    const heardByBox: Int16Array[] = [];
    line.onAudio((f) => heardByBox.push(f));
    board.phones[0]!.speak([new Int16Array(160).fill(1000)]);
    line.writeAudio(new Int16Array(160).fill(1000));
    clock.advance(60);
    expect(heardByBox.some((f) => f[0] === 1995)).toBe(true);
    expect(board.phones[0]!.heardFrames().some((f) => f[0] === 501)).toBe(true);

    phone(1).onhook();
    clock.advance(1500);
    expect(seen.at(-1)).toEqual({ type: "hangup" });
    expect(line.state()).toBe("idle");
  });

  test("tones the engine plays are what the handset hears; far-end hang-up gives busy", async () => {
    const { clock, lines, phone } = await simLines();
    const line = lines.fxs[0]!;
    phone(1).offhook();
    clock.advance(200);
    phone(1).dial("8001");
    clock.advance(1000);
    line.playTone("ringback");
    clock.advance(5500);
    expect(phone(1).state().hears).toBe("ringback");
    line.playTone("congestion");
    clock.advance(3000);
    expect(phone(1).state().hears).toBe("congestion");
    line.connect();
    line.farEndHangup();
    clock.advance(2500);
    expect(phone(1).state().hears).toBe("busy");
  });

  test("hook flash is reported; collectDigits gives dial tone again", async () => {
    const { clock, lines, phone } = await simLines();
    const line = lines.fxs[0]!;
    const seen = events(line);
    phone(1).offhook();
    clock.advance(200);
    phone(1).dial("8001");
    clock.advance(1000);
    line.connect();
    phone(1).flash();
    clock.advance(1000);
    expect(seen).toContainEqual({ type: "flash" });
    line.collectDigits();
    clock.advance(1600);
    expect(phone(1).state().hears).toBe("dial-tone");
  });

  test("a SLIC that fails to start marks its port faulty; the others still give dial tone", async () => {
    const { clock, lines, phone, report } = await simLines({
      beforeStart: (board) => board.slics[1]!.injectFault("no-response"),
    });
    expect(report.faulty.map((f) => f.port)).toEqual(["fxs2"]);
    expect(lines.fxs[1]!.state()).toBe("faulty");
    expect(lines.fxs[1]!.fault()?.reason).toBe("chip-not-responding");
    expect(lines.fxs[1]!.ring({ number: "1" }).ok).toBe(false);
    phone(1).offhook();
    clock.advance(600);
    expect(phone(1).state().hears).toBe("dial-tone");
  });

  test("a power alarm while running turns the port faulty and reports it", async () => {
    const { clock, lines, board, changes } = await simLines();
    board.slics[3]!.injectFault("power-alarm");
    clock.advance(100);
    expect(lines.fxs[3]!.state()).toBe("faulty");
    expect(changes.at(-1)).toMatchObject({ port: "fxs4", state: "faulty" });
    expect(changes.at(-1)!.fault?.reason).toBe("power-alarm");
  });
});
