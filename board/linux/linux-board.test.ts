import { describe, expect, test } from "bun:test";
import { pbxA534s4o } from "../../bsp/pbx-a53-4s4o.ts";
import { GPIO_V2_GET_LINE_IOCTL } from "../gpio/gpio-v2-abi.ts";
import { ManualClock } from "../manual-clock.ts";
import { alsaHighway, framesOf } from "../pcm/alsa-highway.test-helper.ts";
import { AlsaPcmPort } from "../pcm/alsa-pcm-port.ts";
import { silentPcmChannel } from "../pcm/pcm-channel.ts";
import { taggedFrame } from "../pcm/pcm-port.contract.ts";
import { testPhoneDsp } from "../sim/phone-dsp.test-helper.ts";
import { Si3050Model } from "../sim/si3050-model.ts";
import { Si3215Model } from "../sim/si3215-model.ts";
import { VirtualTelcoLine } from "../sim/virtual-line.ts";
import { VirtualPhone } from "../sim/virtual-phone.ts";
import { SimSpiBus } from "../spi/sim-spi.ts";
import { spiIocMessage } from "../spi/spidev-abi.ts";
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
    // No sound card on this machine either: the ports' audio highway is reported too.
    expect(report.faulty.map((f) => f.port)).toEqual([
      "pcm",
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

  test("FXS and FXO audio goes through the ALSA device the bsp names, on each port's channel", async () => {
    // The SLIC and DAA register models answer spidev transfers, so the real drivers start; the
    // ALSA device is a file plugin, so what FXS 1 says to its handset is read back from a file.
    const clock = new ManualClock();
    const bus = new SimSpiBus();
    for (const p of pbxA534s4o.ports) {
      if (p.kind === "fxs") {
        const chip = new Si3215Model(clock, silentPcmChannel);
        chip.attachLine(new VirtualPhone(chip, clock, testPhoneDsp));
        bus.attach(p.spi.chipSelect, chip);
      } else {
        const chip = new Si3050Model(clock, silentPcmChannel);
        chip.attachLine(new VirtualTelcoLine(chip, clock, testPhoneDsp));
        bus.attach(p.spi.chipSelect, chip);
      }
    }
    const sys: RecordingSyscalls = new RecordingSyscalls((call) => {
      if (call.request === GPIO_V2_GET_LINE_IOCTL) {
        new DataView(call.arg.buffer, call.arg.byteOffset).setInt32(588, 77, true);
        return 0;
      }
      if (call.request !== spiIocMessage(1)) return 0;
      const path = sys.opened.find((o) => o.fd === call.fd)?.path ?? "";
      const v = new DataView(call.arg.buffer, call.arg.byteOffset);
      const tx = sys.bufferAt(Number(v.getBigUint64(0, true)))!;
      const rx = sys.bufferAt(Number(v.getBigUint64(8, true)))!;
      rx.set(bus.device(Number(path.split(".").at(-1))).transfer(tx));
      return tx.length;
    });
    const channels = pbxA534s4o.pcm!.channels;
    const fxo2 = pbxA534s4o.ports.find((p) => p.kind === "fxo" && p.index === 2)!.pcmChannel!;
    const { configFile, out } = alsaHighway(channels, new Map([[fxo2, [taggedFrame(9)]]]));
    const pcm = new AlsaPcmPort({ device: "highway", configFile, channels });
    // Polled hook detection: interrupts would need a real GPIO line-event file to wait on.
    const definition = { ...pbxA534s4o, portSignalling: "poll" as const };
    const board = new LinuxBoard(definition, { clock, syscalls: sys, pcm });
    const fromLine: Int16Array[] = [];
    board.fxo[1]!.onAudio((f) => fromLine.push(f));
    const report = await board.start();
    expect(report.faulty).toEqual([]);
    board.fxs[0]!.writeAudio(taggedFrame(5));
    await Bun.sleep(100);
    board.stop();
    await Bun.sleep(50);
    expect(await framesOf(out, channels, 0)).toEqual([taggedFrame(5)]);
    for (const c of [1, 2, 3, 4, 5, 6, 7]) expect(await framesOf(out, channels, c)).toEqual([]);
    expect(fromLine.filter((f) => f.some((s) => s !== 0))).toEqual([taggedFrame(9)]);
  });
});
