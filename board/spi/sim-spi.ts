// Simulated SPI bus: chip selects wired to register models in board/sim. A chip select with nothing
// wired reads back all ones, as an open MISO line with a pull-up does.

/** A register-level chip model on the simulated bus. */
export interface SimSpiTarget {
  transfer(tx: Uint8Array): Uint8Array;
}

export class SimSpiBus {
  private readonly targets = new Map<number, SimSpiTarget>();
  private transfers = 0;

  attach(chipSelect: number, target: SimSpiTarget): void {
    this.targets.set(chipSelect, target);
  }

  detach(chipSelect: number): void {
    this.targets.delete(chipSelect);
  }

  /** Transfers made on the bus so far (all chip selects). */
  transferCount(): number {
    return this.transfers;
  }

  /** The SpiDevice a driver uses for one chip select. */
  device(chipSelect: number): SimSpiDevice {
    return new SimSpiDevice(this, chipSelect);
  }

  transferOn(chipSelect: number, tx: Uint8Array): Uint8Array {
    this.transfers++;
    const target = this.targets.get(chipSelect);
    if (!target) return new Uint8Array(tx.length).fill(0xff);
    return target.transfer(tx);
  }
}

export class SimSpiDevice {
  private closed = false;

  constructor(
    private readonly bus: SimSpiBus,
    readonly chipSelect: number,
  ) {}

  transfer(tx: Uint8Array): Uint8Array {
    if (this.closed) throw new Error(`sim-spi cs${this.chipSelect}: device closed`);
    return this.bus.transferOn(this.chipSelect, tx);
  }

  close(): void {
    this.closed = true;
  }
}
