// EEPROM port (SPEC DEV-2: board EEPROM with model, serial, MAC): byte-addressed storage.

export interface Eeprom {
  readonly sizeBytes: number;
  /** Throws RangeError outside the array, BoardIoError when the chip does not answer. */
  read(offset: number, length: number): Uint8Array;
  write(offset: number, data: Uint8Array): void;
}

export function checkRange(sizeBytes: number, offset: number, length: number): void {
  if (!Number.isInteger(offset) || offset < 0 || length < 0 || offset + length > sizeBytes) {
    throw new RangeError(`EEPROM range ${offset}+${length} outside 0..${sizeBytes}`);
  }
}
