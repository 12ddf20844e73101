import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../../test/support/temp-dir.ts";
import { SimI2cBus } from "../i2c/sim-i2c.ts";
import { Lm75Model } from "../sim/lm75-model.ts";
import { LinuxTemperature } from "./linux-temperature.ts";
import { SimTemperature } from "./sim-temperature.ts";
import { temperatureContract } from "./temperature.contract.ts";

temperatureContract("LM75 over the simulated I2C bus", () => {
  const bus = new SimI2cBus();
  const chip = new Lm75Model();
  bus.attach(0x48, chip);
  return { sensor: new SimTemperature(bus, 0x48), setCelsius: (c) => chip.setCelsius(c) };
});

temperatureContract("hwmon sysfs (fixture tree)", () => {
  const dir = tempDir("hwmon-");
  mkdirSync(join(dir, "hwmon0"));
  writeFileSync(join(dir, "hwmon0", "name"), "cpu_thermal\n");
  mkdirSync(join(dir, "hwmon1"));
  writeFileSync(join(dir, "hwmon1", "name"), "lm75\n");
  return {
    sensor: new LinuxTemperature("lm75", dir),
    setCelsius: (c) =>
      writeFileSync(join(dir, "hwmon1", "temp1_input"), `${Math.round(c * 1000)}\n`),
  };
});
