// spidev uAPI (include/uapi/linux/spi/spidev.h): struct spi_ioc_transfer and the ioctls.
//   struct spi_ioc_transfer { u64 tx_buf; u64 rx_buf; u32 len; u32 speed_hz; u16 delay_usecs;
//     u8 bits_per_word; u8 cs_change; u8 tx_nbits; u8 rx_nbits; u8 word_delay_usecs; u8 pad; } 32 B
import { iow } from "../linux/ioctl.ts";

export const SPI_IOC_MAGIC = 0x6b; // 'k'
export const SPI_IOC_TRANSFER_SIZE = 32;

/** SPI_IOC_MESSAGE(n) = _IOW('k', 0, char[n * sizeof(struct spi_ioc_transfer)]). */
export const spiIocMessage = (n: number): number =>
  iow(SPI_IOC_MAGIC, 0, n * SPI_IOC_TRANSFER_SIZE);
export const SPI_IOC_WR_MODE = iow(SPI_IOC_MAGIC, 1, 1);
export const SPI_IOC_WR_BITS_PER_WORD = iow(SPI_IOC_MAGIC, 3, 1);
export const SPI_IOC_WR_MAX_SPEED_HZ = iow(SPI_IOC_MAGIC, 4, 4);

export interface SpiTransferSpec {
  readonly txAddress: number;
  readonly rxAddress: number;
  readonly length: number;
  readonly speedHz: number;
  readonly bitsPerWord: number;
}

export function encodeSpiTransfer(t: SpiTransferSpec): Uint8Array {
  const bytes = new Uint8Array(SPI_IOC_TRANSFER_SIZE);
  const v = new DataView(bytes.buffer);
  v.setBigUint64(0, BigInt(t.txAddress), true);
  v.setBigUint64(8, BigInt(t.rxAddress), true);
  v.setUint32(16, t.length, true);
  v.setUint32(20, t.speedHz, true);
  v.setUint8(26, t.bitsPerWord);
  return bytes;
}
