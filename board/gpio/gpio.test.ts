import { gpioContract } from "./gpio.contract.ts";
import { SimGpioChip } from "./sim-gpio.ts";

gpioContract("simulated GPIO chip", () => {
  const chip = new SimGpioChip();
  return {
    gpio: chip,
    chip: "sim-gpio0",
    driveInput: (pin, high) => chip.drive(pin, high),
    outputLevel: (pin) => chip.level(pin),
  };
});
