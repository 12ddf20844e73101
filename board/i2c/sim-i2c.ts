// Simulated I2C bus: chip models answer at their 7-bit addresses; an empty address NAKs.
import { BoardIoError } from "../result.ts";
import type { I2cBus, I2cMessage } from "./i2c.ts";

/** A register-level chip model on the simulated I2C bus. */
export interface SimI2cTarget {
  /** A write message (the first bytes usually set the register pointer). */
  write(data: Uint8Array): void;
  /** A read message, continuing from the register pointer. */
  read(length: number): Uint8Array;
}

export class SimI2cBus implements I2cBus {
  private readonly targets = new Map<number, SimI2cTarget>();

  constructor(private readonly name = "sim-i2c0") {}

  attach(address: number, target: SimI2cTarget): void {
    this.targets.set(address, target);
  }

  detach(address: number): void {
    this.targets.delete(address);
  }

  transfer(messages: readonly I2cMessage[]): Uint8Array[] {
    const reads: Uint8Array[] = [];
    for (const m of messages) {
      const target = this.targets.get(m.address);
      if (!target) throw new BoardIoError(`no ACK from 0x${m.address.toString(16)}`, this.name);
      if (m.read) reads.push(target.read(m.length));
      else target.write(m.data);
    }
    return reads;
  }

  close(): void {}
}
