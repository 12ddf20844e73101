// Checks spidev encodings against include/uapi/linux/spi/spidev.h, computed from its macros here.
import { describe, expect, test } from "bun:test";
import { RecordingSyscalls } from "../linux/recording-syscalls.test-helper.ts";
import { LinuxSpiDevice } from "./linux-spi.ts";
import { SPI_IOC_WR_MAX_SPEED_HZ, SPI_IOC_WR_MODE, spiIocMessage } from "./spidev-abi.ts";

const _IOC = (dir: number, type: number, nr: number, size: number): number =>
  ((dir << 30) | (size << 16) | (type << 8) | nr) >>> 0;
const _IOW = (type: number, nr: number, size: number): number => _IOC(1, type, nr, size);
// sizeof(struct spi_ioc_transfer): 8 + 8 + 4 + 4 + 2 + 1 + 1 + 1 + 1 + 1 + 1
const SIZEOF_SPI_IOC_TRANSFER = 8 + 8 + 4 + 4 + 2 + 1 + 1 + 1 + 1 + 1 + 1;

describe("spidev", () => {
  test("ioctl numbers match _IOW('k', nr, ...)", () => {
    expect(spiIocMessage(1)).toBe(_IOW(0x6b, 0, SIZEOF_SPI_IOC_TRANSFER));
    expect(spiIocMessage(1)).toBe(0x40206b00);
    expect(SPI_IOC_WR_MODE).toBe(_IOW(0x6b, 1, 1));
    expect(SPI_IOC_WR_MAX_SPEED_HZ).toBe(_IOW(0x6b, 4, 4));
  });

  test("configures the device and sends one spi_ioc_transfer per transfer", () => {
    const sys = new RecordingSyscalls((call) => {
      if (call.request !== spiIocMessage(1)) return 0;
      const v = new DataView(call.arg.buffer, call.arg.byteOffset);
      const rx = sys.bufferAt(Number(v.getBigUint64(8, true)))!;
      rx.set([0x00, 0x5a]);
      return 2;
    });
    const dev = new LinuxSpiDevice(sys, {
      device: "/dev/spidev0.1",
      bus: 0,
      chipSelect: 1,
      maxSpeedHz: 4_000_000,
      mode: 3,
    });
    expect(sys.opened[0]?.path).toBe("/dev/spidev0.1");
    expect(sys.ioctls[0]).toMatchObject({ request: SPI_IOC_WR_MODE });
    expect(Array.from(sys.ioctls[0]!.arg)).toEqual([3]);
    expect(Array.from(sys.ioctls[2]!.arg)).toEqual([0x00, 0x09, 0x3d, 0x00]);
    const rx = dev.transfer(Uint8Array.of(0xc4, 0x00));
    expect(Array.from(rx)).toEqual([0x00, 0x5a]);
    const msg = sys.ioctls[3]!;
    const expected = new Uint8Array(32);
    const v = new DataView(expected.buffer);
    v.setUint32(0, 0x1000, true); // tx_buf
    v.setUint32(8, 0x2000, true); // rx_buf
    v.setUint32(16, 2, true); // len
    v.setUint32(20, 4_000_000, true); // speed_hz
    v.setUint8(26, 8); // bits_per_word
    expect(Array.from(msg.arg)).toEqual(Array.from(expected));
  });
});
