import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LedMode } from "../../board/leds/leds.ts";
import { ManualClock } from "../../board/manual-clock.ts";
import { sim } from "../../bsp/sim.ts";
import { timerClockOf } from "./board-clock.ts";
import { FactoryReset, PENDING_LAPSE_MS, wipeDataDirectory } from "./factory-reset.ts";
import { LedPanel } from "./led-panel.ts";
import { selectBoard } from "./select-board.ts";

describe("FactoryReset", () => {
  const rig = () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 1));
    const performed: string[] = [];
    const pending: boolean[] = [];
    const reset = new FactoryReset({
      clock: timerClockOf(clock),
      perform: (s) => performed.push(s),
      onPendingChange: (p) => pending.push(p),
    });
    return { clock, reset, performed, pending };
  };

  test("a long press marks a reset pending; a second one within 30 s carries it out", () => {
    const { clock, reset, performed, pending } = rig();
    reset.longPress();
    expect(reset.status()).toMatchObject({ pending: true });
    clock.advance(29_000);
    reset.longPress();
    expect(performed).toEqual(["button"]);
    expect(pending).toEqual([true]);
  });

  test("a second press after 30 s only restarts the wait; pending lapses after 10 minutes", () => {
    const { clock, reset, performed } = rig();
    reset.longPress();
    clock.advance(31_000);
    reset.longPress();
    expect(performed).toEqual([]);
    clock.advance(PENDING_LAPSE_MS);
    expect(reset.status().pending).toBe(false);
  });

  test("the API confirms at once and cancel withdraws a pending reset", () => {
    const { reset, performed } = rig();
    expect(reset.cancel()).toBe(false);
    reset.longPress();
    expect(reset.cancel()).toBe(true);
    reset.confirm();
    reset.confirm();
    expect(performed).toEqual(["api"]);
  });

  test("wiping empties the data directory but keeps it", () => {
    const dir = mkdtempSync(join(tmpdir(), "pbx-wipe-"));
    writeFileSync(join(dir, "pbx.db"), "x");
    mkdirSync(join(dir, "tls"));
    writeFileSync(join(dir, "tls", "key.pem"), "k");
    wipeDataDirectory(dir);
    expect(readdirSync(dir)).toEqual([]);
    rmSync(dir, { recursive: true });
  });
});

describe("LedPanel", () => {
  test("power on, SIP follows registrations, port LEDs follow port states", () => {
    const modes = new Map<string, LedMode>();
    let registered = 0;
    const panel = new LedPanel({
      leds: {
        names: () => [...modes.keys()],
        set: (name, mode) => {
          modes.set(name, mode);
          return { ok: true, value: undefined };
        },
        get: (name) => ({ ok: true, value: modes.get(name) ?? "off" }),
      },
      definitions: sim.leds,
      registeredExtensions: () => registered,
    });
    panel.start([
      { kind: "fxs", index: 1, state: "idle" },
      { kind: "fxo", index: 2, state: "faulty" },
    ]);
    expect(modes.get("power")).toBe("on");
    expect(modes.get("sip")).toBe("off");
    expect(modes.get("fxo2")).toBe("blink-slow");
    registered = 1;
    panel.registrationChanged();
    expect(modes.get("sip")).toBe("on");
    panel.portChanged("fxs", 1, "ringing");
    expect(modes.get("fxs1")).toBe("blink-fast");
    panel.portChanged("fxs", 1, "in-use");
    expect(modes.get("fxs1")).toBe("on");
    panel.setAttention(true);
    expect(modes.get("power")).toBe("blink-fast");
  });
});

describe("selectBoard", () => {
  test("by name, or by the devicetree compatible string with auto", () => {
    expect(selectBoard("sim", () => undefined)).toMatchObject({
      ok: true,
      definition: { name: "sim" },
    });
    expect(selectBoard("nope", () => undefined)).toMatchObject({ ok: false });
    expect(selectBoard("auto", () => undefined)).toMatchObject({ ok: false });
    const dt = `${sim.compatible[0]}\0`;
    expect(selectBoard("auto", () => dt)).toMatchObject({ ok: true, definition: { name: "sim" } });
    expect(selectBoard("auto", () => "acme,other\0")).toMatchObject({ ok: false });
  });
});
