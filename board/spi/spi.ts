// SPI port (Linux Documentation/spi/spidev): one full-duplex transfer at a time on one chip select.

/** One SPI slave behind a chip select. */
export interface SpiDevice {
  /** Clocks out `tx` and returns the bytes clocked in meanwhile (same length). */
  transfer(tx: Uint8Array): Uint8Array;
  close(): void;
}
