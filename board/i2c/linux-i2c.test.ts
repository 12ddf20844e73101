// Checks i2c-dev encodings against include/uapi/linux/i2c-dev.h and i2c.h (64-bit layout).
import { describe, expect, test } from "bun:test";
import { RecordingSyscalls } from "../linux/recording-syscalls.test-helper.ts";
import { I2C_RDWR } from "./i2c-dev-abi.ts";
import { LinuxI2cBus } from "./linux-i2c.ts";

describe("LinuxI2cBus", () => {
  test("one I2C_RDWR (0x0707) with a write and a read i2c_msg", () => {
    const sys = new RecordingSyscalls((call) => {
      const data = new DataView(call.arg.buffer, call.arg.byteOffset);
      const msgs = sys.bufferAt(Number(data.getBigUint64(0, true)))!;
      const second = new DataView(msgs.buffer).getBigUint64(16 + 8, true);
      sys.bufferAt(Number(second))!.set([0xaa, 0xbb]);
      return 2;
    });
    const bus = new LinuxI2cBus(sys, "/dev/i2c-0");
    const [read] = bus.transfer([
      { address: 0x50, read: false, data: Uint8Array.of(0x10) },
      { address: 0x50, read: true, length: 2 },
    ]);
    expect(Array.from(read!)).toEqual([0xaa, 0xbb]);
    const call = sys.ioctls[0]!;
    expect(call.request).toBe(0x0707);
    expect(I2C_RDWR).toBe(0x0707);
    // struct i2c_rdwr_ioctl_data { struct i2c_msg *msgs; __u32 nmsgs; }
    const rdwr = new DataView(call.arg.buffer);
    expect(rdwr.getUint32(8, true)).toBe(2);
    // struct i2c_msg { __u16 addr; __u16 flags; __u16 len; __u8 *buf; } -> buf at offset 8
    const msgs = sys.bufferAt(Number(rdwr.getBigUint64(0, true)))!;
    expect(Array.from(msgs.subarray(0, 8))).toEqual([0x50, 0, 0, 0, 1, 0, 0, 0]);
    expect(Array.from(msgs.subarray(16, 24))).toEqual([0x50, 0, 1, 0, 2, 0, 0, 0]);
  });
});
