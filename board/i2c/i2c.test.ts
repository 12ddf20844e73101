import { At24Model } from "../sim/at24-model.ts";
import { i2cContract } from "./i2c.contract.ts";
import { SimI2cBus } from "./sim-i2c.ts";

i2cContract("simulated I2C bus", () => {
  const bus = new SimI2cBus();
  bus.attach(0x50, new At24Model());
  return bus;
});
