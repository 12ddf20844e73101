import { describe, expect, test } from "bun:test";
import { pbxA534s4o } from "../../bsp/pbx-a53-4s4o.ts";
import { GPIO_V2_GET_LINE_IOCTL } from "../gpio/gpio-v2-abi.ts";
import { ManualClock } from "../manual-clock.ts";
import { LinuxBoard } from "./linux-board.ts";
import { RecordingSyscalls } from "./recording-syscalls.test-helper.ts";

describe("LinuxBoard", () => {
  test("builds every backend from the bsp; SPI that fails leaves each port faulty, nothing throws", async () => {
    const sys = new RecordingSyscalls((call) => {
      if (call.request !== GPIO_V2_GET_LINE_IOCTL) return -1;
      new DataView(call.arg.buffer, call.arg.byteOffset).setInt32(588, 77, true);
      return 0;
    });
    const board = new LinuxBoard(pbxA534s4o, { clock: new ManualClock(), syscalls: sys });
    const report = await board.start();
    expect(report.started).toEqual([]);
    expect(report.faulty.map((f) => f.port)).toEqual([
      "fxs1",
      "fxs2",
      "fxs3",
      "fxs4",
      "fxo1",
      "fxo2",
      "fxo3",
      "fxo4",
    ]);
    expect(board.fxs[0]!.state().fault?.reason).toBe("chip-not-responding");
    expect(sys.opened.map((o) => o.path)).toContain("/dev/spidev0.0");
    expect(sys.opened.map((o) => o.path)).toContain("/dev/gpiochip0");
    board.stop();
  });
});
