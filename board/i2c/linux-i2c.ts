// I2C through i2c-dev's I2C_RDWR ioctl (Documentation/i2c/dev-interface.rst): one combined
// transaction per transfer, so register-pointer writes and reads are not split by a stop.
import { ioctlOrThrow, O_RDWR, openDevice, type Syscalls } from "../linux/syscalls.ts";
import type { I2cBus, I2cMessage } from "./i2c.ts";
import { encodeI2cMessages, encodeRdwrData, I2C_M_RD, I2C_RDWR } from "./i2c-dev-abi.ts";

export class LinuxI2cBus implements I2cBus {
  private readonly fd: number;

  constructor(
    private readonly sys: Syscalls,
    private readonly device: string,
  ) {
    this.fd = openDevice(sys, device, O_RDWR);
  }

  transfer(messages: readonly I2cMessage[]): Uint8Array[] {
    const buffers = messages.map((m) => (m.read ? new Uint8Array(m.length) : m.data.slice()));
    const msgs = encodeI2cMessages(
      messages.map((m, i) => ({
        address: m.address,
        flags: m.read ? I2C_M_RD : 0,
        length: buffers[i]!.length,
        bufferAddress: this.sys.addressOf(buffers[i]!),
      })),
    );
    ioctlOrThrow(
      this.sys,
      this.fd,
      I2C_RDWR,
      encodeRdwrData(this.sys.addressOf(msgs), messages.length),
      this.device,
    );
    return buffers.filter((_, i) => messages[i]!.read);
  }

  close(): void {
    this.sys.close(this.fd);
  }
}
