// I2C port (Linux Documentation/i2c/dev-interface.rst): combined transactions of write and read
// messages with repeated starts, as I2C_RDWR does.

export type I2cMessage =
  | { readonly address: number; readonly read: false; readonly data: Uint8Array }
  | { readonly address: number; readonly read: true; readonly length: number };

export interface I2cBus {
  /** Runs the messages as one transaction; returns the data of each read message, in order. Throws on NAK. */
  transfer(messages: readonly I2cMessage[]): Uint8Array[];
  close(): void;
}

/** Write a register pointer, then read `length` bytes (repeated start between them). */
export function writeRead(
  bus: I2cBus,
  address: number,
  write: Uint8Array,
  length: number,
): Uint8Array {
  return bus.transfer([
    { address, read: false, data: write },
    { address, read: true, length },
  ])[0]!;
}
