// SPI over spidev (Linux Documentation/spi/spidev.rst): mode, word size and clock set once, then
// one full-duplex SPI_IOC_MESSAGE(1) per transfer.
import type { SpiAttachment } from "../../bsp/board-definition.ts";
import { ioctlOrThrow, O_RDWR, openDevice, type Syscalls } from "../linux/syscalls.ts";
import type { SpiDevice } from "./spi.ts";
import {
  encodeSpiTransfer,
  SPI_IOC_WR_BITS_PER_WORD,
  SPI_IOC_WR_MAX_SPEED_HZ,
  SPI_IOC_WR_MODE,
  spiIocMessage,
} from "./spidev-abi.ts";

export class LinuxSpiDevice implements SpiDevice {
  private readonly fd: number;

  constructor(
    private readonly sys: Syscalls,
    private readonly attachment: SpiAttachment,
  ) {
    this.fd = openDevice(sys, attachment.device, O_RDWR);
    const speed = new Uint8Array(4);
    new DataView(speed.buffer).setUint32(0, attachment.maxSpeedHz, true);
    ioctlOrThrow(sys, this.fd, SPI_IOC_WR_MODE, Uint8Array.of(attachment.mode), attachment.device);
    ioctlOrThrow(sys, this.fd, SPI_IOC_WR_BITS_PER_WORD, Uint8Array.of(8), attachment.device);
    ioctlOrThrow(sys, this.fd, SPI_IOC_WR_MAX_SPEED_HZ, speed, attachment.device);
  }

  transfer(tx: Uint8Array): Uint8Array {
    const txBuf = tx.slice();
    const rx = new Uint8Array(tx.length);
    const message = encodeSpiTransfer({
      txAddress: this.sys.addressOf(txBuf),
      rxAddress: this.sys.addressOf(rx),
      length: tx.length,
      speedHz: this.attachment.maxSpeedHz,
      bitsPerWord: 8,
    });
    ioctlOrThrow(this.sys, this.fd, spiIocMessage(1), message, this.attachment.device);
    return rx;
  }

  close(): void {
    this.sys.close(this.fd);
  }
}
