import { describe, expect, test } from "bun:test";
import { readBoardInfo } from "../board.ts";
import type { ButtonEvent } from "../buttons/buttons.ts";
import type { FxoEvent } from "../fxo/fxo.ts";
import type { FxsEvent } from "../fxs/fxs.ts";
import { ManualClock } from "../manual-clock.ts";
import { cadencedTone, testPhoneDsp, toneFrames } from "./phone-dsp.test-helper.ts";
import { SimBoard } from "./sim-board.ts";

async function boot(options: { pollPorts?: boolean } = {}) {
  const clock = new ManualClock(Date.UTC(2025, 0, 1));
  const board = new SimBoard({
    clock,
    dsp: testPhoneDsp,
    rtcEpochMs: Date.UTC(2025, 0, 1, 8),
    ...options,
  });
  const report = await board.start();
  clock.advance(100);
  return { clock, board, report };
}

describe("SimBoard", () => {
  test("starts all 4 FXS and 4 FXO ports from the bsp definition", async () => {
    const { board, report } = await boot();
    expect(report).toEqual({
      started: ["fxs1", "fxs2", "fxs3", "fxs4", "fxo1", "fxo2", "fxo3", "fxo4"],
      faulty: [],
    });
    expect(board.fxs.map((p) => p.state().hook)).toEqual(["on", "on", "on", "on"]);
    expect(board.fxo.every((p) => p.state().lineConnected)).toBe(true);
  });

  test("the EEPROM holds the model, serial and a MAC; RTC and temperature answer over I2C", async () => {
    const { board, clock } = await boot();
    const info = readBoardInfo(board.eeprom);
    expect(info.ok && info.value.model).toBe("PBX-Sim 4S4O (simulated)");
    expect(info.ok && info.value.mac).toMatch(/^02:50(:[0-9a-f]{2}){4}$/);
    clock.advance(60_000);
    expect(board.rtc.readEpochMs()).toBe(Date.UTC(2025, 0, 1, 8, 1));
    board.control.temperature(71.5);
    expect(board.temperature.readCelsius()).toBe(71.5);
  });

  test("handset 2 off-hook, dial 101: the FXS port sees hook-off and DTMF audio; the handset hears dial tone", async () => {
    const { board, clock } = await boot();
    const events: FxsEvent[] = [];
    const audio: Int16Array[] = [];
    board.fxs[1]!.onEvent((e) => events.push(e));
    board.fxs[1]!.onAudio((f) => audio.push(f));
    const h = board.control.fxs(2);
    if (!h.ok) throw new Error(h.error.message);
    h.value.offhook();
    clock.advance(100);
    expect(events.map((e) => e.type)).toEqual(["hook-off"]);
    for (const f of toneFrames([450], 2000)) {
      board.fxs[1]!.writeAudio(f);
      clock.advance(20);
    }
    expect(h.value.state()).toMatchObject({ hook: "off", hears: "dial-tone" });
    expect(h.value.dial("101").ok).toBe(true);
    clock.advance(700);
    const loud = audio.filter((f) => f.some((s) => Math.abs(s) > 1000));
    expect(loud.length).toBe(15);
  });

  test("what the handset hears is classified: busy cadence, then silence", async () => {
    const { board, clock } = await boot();
    const h = board.control.fxs(1);
    if (!h.ok) throw new Error(h.error.message);
    h.value.offhook();
    for (const f of cadencedTone(350, 350, 2000)) {
      board.fxs[0]!.writeAudio(f);
      clock.advance(20);
    }
    expect(h.value.state().hears).toBe("busy");
    for (let i = 0; i < 100; i++) board.fxs[0]!.writeAudio(new Int16Array(160));
    expect(h.value.state().hears).toBe("silence");
  });

  test("an exchange ring with caller ID reaches FXO 1 as validated rings and on-hook audio", async () => {
    const { board, clock } = await boot();
    const events: FxoEvent[] = [];
    const audio: Int16Array[] = [];
    board.fxo[0]!.onEvent((e) => events.push(e));
    board.fxo[0]!.onAudio((f) => audio.push(f));
    const line = board.control.fxo(1);
    if (!line.ok) throw new Error(line.error.message);
    expect(line.value.ring("13912345678").ok).toBe(true);
    clock.advance(5500);
    expect(events.filter((e) => e.type === "ring-start").length).toBe(2);
    expect(testPhoneDsp.decodeCallerId(audio)).toEqual({ number: "13912345678" });
    board.fxo[0]!.seize();
    clock.advance(100);
    expect(line.value.state()).toMatchObject({ ringing: false, pbxOffHook: true });
  });

  test("reset held 6 s is a long press (factory reset), 2 s is not", async () => {
    const { board, clock } = await boot();
    const events: ButtonEvent[] = [];
    board.buttons.onEvent((e) => events.push(e));
    board.control.resetButton(2000);
    clock.advance(3000);
    expect(events.map((e) => e.type)).toEqual(["press"]);
    board.control.resetButton(6000);
    clock.advance(6100);
    expect(events.map((e) => e.type)).toEqual(["press", "long-press"]);
  });

  test("LEDs drive their GPIO lines; USB insert shows a volume", async () => {
    const { board } = await boot();
    board.leds.set("sip", "on");
    expect(board.gpioChip.level(board.definition.leds.find((l) => l.name === "sip")!.gpio)).toBe(
      true,
    );
    board.control.usb(true);
    expect(board.usb.list()[0]?.mountPoint).toBe(board.usb.mountPoint);
    expect(board.usb.list()[0]?.device).toBe("sda1");
    board.control.usb(false);
    expect(board.usb.list()).toEqual([]);
  });

  test("a SLIC that stops answering marks only FXS 3 faulty (polled ports: within 50 ms)", async () => {
    const { board, clock } = await boot({ pollPorts: true });
    board.slics[2]!.injectFault("no-response");
    clock.advance(50);
    expect(board.fxs.map((p) => p.state().fault?.reason ?? null)).toEqual([
      null,
      null,
      "chip-not-responding",
      null,
    ]);
    expect(board.fxs[3]!.ring().ok).toBe(true);
  });

  test("with interrupt signalling a SLIC that stops answering is found by the 1 s health check", async () => {
    const { board, clock } = await boot();
    board.slics[2]!.injectFault("no-response");
    clock.advance(50);
    expect(board.fxs[2]!.state().fault).toBeNull();
    clock.advance(1000);
    expect(board.fxs.map((p) => p.state().fault?.reason ?? null)).toEqual([
      null,
      null,
      "chip-not-responding",
      null,
    ]);
    expect(board.fxs[3]!.ring().ok).toBe(true);
  });

  test("the control API validates its inputs", async () => {
    const { board } = await boot();
    expect(board.control.fxs(9)).toMatchObject({
      ok: false,
      error: { code: "unknown-port", field: "port" },
    });
    expect(board.control.fxo(0)).toMatchObject({ ok: false, error: { code: "unknown-port" } });
    const h = board.control.fxs(1);
    if (!h.ok) throw new Error(h.error.message);
    h.value.offhook();
    expect(h.value.dial("12a;")).toMatchObject({
      ok: false,
      error: { code: "invalid-argument", field: "digits" },
    });
    expect(board.control.resetButton(-5)).toMatchObject({ ok: false, error: { field: "holdMs" } });
    const line = board.control.fxo(2);
    expect(line.ok && line.value.ring("not a number")).toMatchObject({
      ok: false,
      error: { field: "callerId" },
    });
  });
});
