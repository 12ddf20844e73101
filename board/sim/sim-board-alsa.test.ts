// The simulated board on bsp "sim-alsa": the drivers still talk SPI to the chip models (hook,
// ringing), but their audio goes through an ALSA device, each port on its bsp `pcmChannel`.
// ALSA runs on its own file plugins (pcm/alsa-highway.test-helper.ts).
import { describe, expect, test } from "bun:test";
import { simAlsa } from "../../bsp/sim-alsa.ts";
import { ManualClock } from "../manual-clock.ts";
import { alsaHighway, framesOf } from "../pcm/alsa-highway.test-helper.ts";
import { AlsaPcmPort } from "../pcm/alsa-pcm-port.ts";
import { taggedFrame } from "../pcm/pcm-port.contract.ts";
import { testPhoneDsp } from "./phone-dsp.test-helper.ts";
import { SimBoard } from "./sim-board.ts";

const channels = simAlsa.pcm!.channels;

describe("SimBoard with its audio on ALSA (bsp sim-alsa)", () => {
  test("FXS 1 speaks on channel 0 and FXO 1 hears channel 4; hooks still come over SPI", async () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 1));
    const { configFile, out } = alsaHighway(channels, new Map([[4, [taggedFrame(9)]]]));
    const highway = new AlsaPcmPort({ device: "highway", configFile, channels });
    const board = new SimBoard({ clock, dsp: testPhoneDsp, definition: simAlsa, highway });
    const fromLine: Int16Array[] = [];
    board.fxo[0]!.onAudio((f) => fromLine.push(f));
    const report = await board.start();
    expect(report.faulty).toEqual([]);
    board.phones[0]!.offHook();
    clock.advance(100);
    expect(board.fxs[0]!.state().hook).toBe("off");
    board.fxs[0]!.writeAudio(taggedFrame(5));
    await Bun.sleep(100);
    board.stop();
    await Bun.sleep(50);
    expect(await framesOf(out, channels, 0)).toEqual([taggedFrame(5)]);
    for (const c of [1, 2, 3, 4, 5, 6, 7]) expect(await framesOf(out, channels, c)).toEqual([]);
    expect(fromLine.filter((f) => f.some((s) => s !== 0))).toEqual([taggedFrame(9)]);
    // The chip models' own slots are off the highway: the virtual phone heard nothing.
    expect(board.phones[0]!.heardFrames().every((f) => f.every((s) => s === 0))).toBe(true);
  });

  test("an ALSA device the machine does not define: 'pcm' is faulty, every port still starts", async () => {
    const clock = new ManualClock(Date.UTC(2025, 0, 1));
    const board = new SimBoard({ clock, dsp: testPhoneDsp, definition: simAlsa });
    const report = await board.start();
    expect(report.started).toHaveLength(8);
    expect(report.faulty).toEqual([{ port: "pcm", message: expect.stringMatching(/pbx_highway/) }]);
    board.stop();
  });
});
