import { sim } from "../../bsp/sim.ts";
import { SimGpioChip } from "../gpio/sim-gpio.ts";
import { ManualClock } from "../manual-clock.ts";
import { buttonsContract } from "./buttons.contract.ts";
import { SimButtons } from "./sim-buttons.ts";

buttonsContract("GPIO buttons on the simulated chip", () => {
  const clock = new ManualClock();
  const buttons = new SimButtons(new SimGpioChip(), sim.buttons, clock);
  return {
    buttons,
    hold: (name, ms) => buttons.hold(name, ms),
    advance: (ms) => clock.advance(ms),
  };
});
