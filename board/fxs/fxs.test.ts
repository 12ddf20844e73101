import { fxsContract } from "./fxs.contract.ts";
import { startedFxsHarness } from "./fxs-rig.test-helper.ts";

fxsContract("Si3215 driver on the simulated chip", startedFxsHarness);
