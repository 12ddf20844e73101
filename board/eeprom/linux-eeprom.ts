// EEPROM through the at24 kernel driver's sysfs file (/sys/bus/i2c/devices/<bus>-<addr>/eeprom):
// the kernel handles page writes and write-cycle delays.
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { checkRange, type Eeprom } from "./eeprom.ts";

export class LinuxEeprom implements Eeprom {
  constructor(
    private readonly path: string,
    readonly sizeBytes: number,
  ) {}

  read(offset: number, length: number): Uint8Array {
    checkRange(this.sizeBytes, offset, length);
    const out = new Uint8Array(length);
    const fd = openSync(this.path, "r");
    try {
      readSync(fd, out, 0, length, offset);
    } finally {
      closeSync(fd);
    }
    return out;
  }

  write(offset: number, data: Uint8Array): void {
    checkRange(this.sizeBytes, offset, data.length);
    const fd = openSync(this.path, "r+");
    try {
      writeSync(fd, data, 0, data.length, offset);
    } finally {
      closeSync(fd);
    }
  }
}
