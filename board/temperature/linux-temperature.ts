// Temperature through hwmon (Documentation/hwmon/sysfs-interface.rst): find the hwmonN whose
// "name" matches the sensor's driver, read temp1_input in millidegrees Celsius.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BoardIoError } from "../result.ts";
import type { TemperatureSensor } from "./temperature.ts";

export class LinuxTemperature implements TemperatureSensor {
  constructor(
    private readonly hwmonName: string,
    private readonly hwmonDir = "/sys/class/hwmon",
  ) {}

  readCelsius(): number {
    const dir = this.findDevice();
    return Number(readFileSync(join(dir, "temp1_input"), "utf8").trim()) / 1000;
  }

  private findDevice(): string {
    for (const entry of readdirSync(this.hwmonDir)) {
      const dir = join(this.hwmonDir, entry);
      try {
        if (readFileSync(join(dir, "name"), "utf8").trim() === this.hwmonName) return dir;
      } catch {
        // Not every hwmon entry has a name file; skip it.
      }
    }
    throw new BoardIoError(`no hwmon device named ${this.hwmonName}`, this.hwmonDir);
  }
}
