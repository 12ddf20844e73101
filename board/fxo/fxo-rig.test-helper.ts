// Builds one Si3050 driver on the simulated SPI bus with a chip model and a virtual exchange line.
import { interruptLine } from "../gpio/interrupt-line.ts";
import { SimGpioChip } from "../gpio/sim-gpio.ts";
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

/** The DAA's INT pin on a simulated GPIO line, as the boards wire it. */
export const FXO_INT_PIN = { chip: "sim-gpio0", line: 32, activeLow: true };

/** A rig whose driver waits on the chip's INT line (interrupt signalling). */
export function buildInterruptFxoRig(): FxoRig & { gpio: SimGpioChip } {
  const gpio = new SimGpioChip();
  const rig = buildFxoRig({
    driver: { interrupt: interruptLine(gpio, FXO_INT_PIN, "fxo1-int") },
  });
  rig.model.attachInterruptPin((asserted) => gpio.drive(FXO_INT_PIN, !asserted));
  return { ...rig, gpio };
}

export async function startedFxoHarness(
  build: () => FxoRig = () => buildFxoRig(),
): Promise<FxoHarness> {
  const rig = build();
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
