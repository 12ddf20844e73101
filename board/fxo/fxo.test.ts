import { fxoContract } from "./fxo.contract.ts";
import { buildInterruptFxoRig, startedFxoHarness } from "./fxo-rig.test-helper.ts";

fxoContract("Si3050 driver on the simulated chip", () => startedFxoHarness());
fxoContract("Si3050 driver on the INT line (interrupt signalling)", () =>
  startedFxoHarness(buildInterruptFxoRig),
);
