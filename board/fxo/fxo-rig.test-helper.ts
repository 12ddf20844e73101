// Builds one Si3050 driver on the simulated SPI bus with a chip model and a virtual exchange line.
import { ManualClock } from "../manual-clock.ts";
import { PcmSlot } from "../pcm/pcm-channel.ts";
import { testPhoneDsp } from "../sim/phone-dsp.test-helper.ts";
import { Si3050Model } from "../sim/si3050-model.ts";
import { type VirtualLineOptions, VirtualTelcoLine } from "../sim/virtual-line.ts";
import { SimSpiBus } from "../spi/sim-spi.ts";
import type { FxoHarness } from "./fxo.contract.ts";
import { Si3050Fxo, type Si3050FxoOptions } from "./si3050-fxo.ts";

export interface FxoRig {
  readonly clock: ManualClock;
  readonly model: Si3050Model;
  readonly line: VirtualTelcoLine;
  readonly port: Si3050Fxo;
  readonly bus: SimSpiBus;
}

export function buildFxoRig(
  options: {
    clock?: ManualClock;
    bus?: SimSpiBus;
    chipSelect?: number;
    line?: VirtualLineOptions;
    driver?: Partial<Si3050FxoOptions>;
  } = {},
): FxoRig {
  const clock = options.clock ?? new ManualClock();
  const bus = options.bus ?? new SimSpiBus();
  const cs = options.chipSelect ?? 4;
  const slot = new PcmSlot();
  const model = new Si3050Model(clock, slot.chip);
  bus.attach(cs, model);
  const line = new VirtualTelcoLine(model, clock, testPhoneDsp, options.line);
  model.attachLine(line);
  const port = new Si3050Fxo({
    index: cs - 3,
    spi: bus.device(cs),
    pcm: slot.host,
    clock,
    pcmSlot: cs * 2,
    ...options.driver,
  });
  return { clock, model, line, port, bus };
}

export async function startedFxoHarness(): Promise<FxoHarness> {
  const rig = buildFxoRig();
  const started = await rig.port.start();
  if (!started.ok) throw new Error(started.error.message);
  return {
    port: rig.port,
    clock: rig.clock,
    exchange: {
      ring: () => rig.line.ring(),
      stopRinging: () => rig.line.stopRinging(),
      hangup: () => rig.line.hangup(),
      play: (frames) => rig.line.play(frames),
      heard: () => rig.line.heardFrames(),
      unplug: () => rig.line.setConnected(false),
    },
  };
}
