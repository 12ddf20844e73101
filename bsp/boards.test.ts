import { describe, expect, test } from "bun:test";
import { boards, findBoardByCompatible, findBoardByName } from "./boards.ts";

describe("board lookup", () => {
  test("finds boards by name", () => {
    expect(findBoardByName("sim")?.model).toContain("Sim");
    expect(findBoardByName("pbx-a53-4s4o")?.arch).toBe("arm64");
    expect(findBoardByName("nope")).toBeUndefined();
  });

  test("finds a board from the kernel's NUL-separated compatible list", () => {
    const dt = "vendor,pbx-a53\0rockchip,rk3328\0";
    expect(findBoardByCompatible(dt)?.name).toBe("pbx-a53-4s4o");
    expect(findBoardByCompatible(["acme,other", "pbx,sim"])?.name).toBe("sim");
    expect(findBoardByCompatible("acme,unknown\0")).toBeUndefined();
  });
});

describe("board definitions", () => {
  for (const board of boards) {
    test(`${board.name}: 4 FXS + 4 FXO, unique chip selects, PCM slots and GPIO lines`, () => {
      expect(board.ports.filter((p) => p.kind === "fxs").map((p) => p.index)).toEqual([1, 2, 3, 4]);
      expect(board.ports.filter((p) => p.kind === "fxo").map((p) => p.index)).toEqual([1, 2, 3, 4]);
      for (const p of board.ports) expect(p.chip).toBe(p.kind === "fxs" ? "si3215" : "si3050");
      const cs = board.ports.map((p) => p.spi.device);
      expect(new Set(cs).size).toBe(cs.length);
      const slots = board.ports.map((p) => p.pcmSlot);
      expect(new Set(slots).size).toBe(slots.length);
      const lines = [
        ...board.leds.map((l) => `${l.gpio.chip}:${l.gpio.line}`),
        ...board.buttons.map((b) => `${b.gpio.chip}:${b.gpio.line}`),
        ...board.ports.flatMap((p) => (p.reset ? [`${p.reset.chip}:${p.reset.line}`] : [])),
        ...board.ports.flatMap((p) =>
          p.kind === "fxs" && p.interrupt ? [`${p.interrupt.chip}:${p.interrupt.line}`] : [],
        ),
      ];
      expect(new Set(lines).size).toBe(lines.length);
    });

    test(`${board.name}: every FXS port has an INT line when the board signals by interrupt`, () => {
      if (board.portSignalling !== "interrupt") return;
      for (const p of board.ports) if (p.kind === "fxs") expect(p.interrupt?.activeLow).toBe(true);
    });

    test(`${board.name}: power and SIP LEDs, a 6 s reset button, I2C devices at their usual addresses`, () => {
      expect(board.leds.map((l) => l.role)).toContain("power");
      expect(board.leds.map((l) => l.role)).toContain("sip-registration");
      expect(board.buttons.find((b) => b.name === "reset")?.longPressMs).toBe(6000);
      expect(board.i2c.eeprom.address).toBe(0x50);
      expect(board.i2c.rtc.address).toBe(0x68);
      expect(board.i2c.temperature.address).toBe(0x48);
    });
  }

  test("the arm64 board uses the kernel's device nodes", () => {
    const b = findBoardByName("pbx-a53-4s4o")!;
    expect(b.i2c.bus).toBe("/dev/i2c-0");
    expect(b.watchdog.device).toBe("/dev/watchdog");
    expect(b.ports[0]?.spi.device).toBe("/dev/spidev0.0");
    expect(b.gpioChips).toEqual(["/dev/gpiochip0"]);
  });
});
