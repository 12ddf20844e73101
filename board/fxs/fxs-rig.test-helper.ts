// Builds one Si3215 driver on the simulated SPI bus with a chip model and a virtual phone.
import { ManualClock } from "../manual-clock.ts";
import { PcmSlot } from "../pcm/pcm-channel.ts";
import { testPhoneDsp } from "../sim/phone-dsp.test-helper.ts";
import { Si3215Model } from "../sim/si3215-model.ts";
import { VirtualPhone } from "../sim/virtual-phone.ts";
import { SimSpiBus } from "../spi/sim-spi.ts";
import type { FxsHarness } from "./fxs.contract.ts";
import { Si3215Fxs } from "./si3215-fxs.ts";

export interface FxsRig {
  readonly clock: ManualClock;
  readonly model: Si3215Model;
  readonly phone: VirtualPhone;
  readonly port: Si3215Fxs;
  readonly bus: SimSpiBus;
}

export function buildFxsRig(
  clock = new ManualClock(),
  bus = new SimSpiBus(),
  chipSelect = 0,
): FxsRig {
  const slot = new PcmSlot();
  const model = new Si3215Model(clock, slot.chip);
  bus.attach(chipSelect, model);
  const phone = new VirtualPhone(model, clock, testPhoneDsp);
  model.attachLine(phone);
  const port = new Si3215Fxs({
    index: chipSelect + 1,
    spi: bus.device(chipSelect),
    pcm: slot.host,
    clock,
    pcmSlot: chipSelect * 2,
  });
  return { clock, model, phone, port, bus };
}

export async function startedFxsHarness(): Promise<FxsHarness> {
  const rig = buildFxsRig();
  const started = await rig.port.start();
  if (!started.ok) throw new Error(started.error.message);
  return {
    port: rig.port,
    clock: rig.clock,
    handset: {
      lift: () => rig.phone.offHook(),
      replace: () => rig.phone.onHook(),
      isRinging: () => rig.phone.isRinging(),
      speak: (frames) => rig.phone.speak(frames),
      heard: () => rig.phone.heardFrames(),
    },
  };
}
