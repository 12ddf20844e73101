import { fxoContract } from "./fxo.contract.ts";
import { startedFxoHarness } from "./fxo-rig.test-helper.ts";

fxoContract("Si3050 driver on the simulated chip", startedFxoHarness);
