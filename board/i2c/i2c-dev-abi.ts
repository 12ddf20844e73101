// i2c-dev uAPI (include/uapi/linux/i2c-dev.h, i2c.h) for 64-bit kernels:
//   struct i2c_msg { u16 addr; u16 flags; u16 len; /* 2 bytes padding */ u8 *buf; }      16 B
//   struct i2c_rdwr_ioctl_data { struct i2c_msg *msgs; u32 nmsgs; /* padding */ }         16 B
export const I2C_RDWR = 0x0707;
export const I2C_M_RD = 0x0001;
export const I2C_MSG_SIZE = 16;

export interface I2cMsgSpec {
  readonly address: number;
  readonly flags: number;
  readonly length: number;
  readonly bufferAddress: number;
}

export function encodeI2cMessages(messages: readonly I2cMsgSpec[]): Uint8Array {
  const bytes = new Uint8Array(I2C_MSG_SIZE * messages.length);
  const v = new DataView(bytes.buffer);
  messages.forEach((m, i) => {
    const o = i * I2C_MSG_SIZE;
    v.setUint16(o, m.address, true);
    v.setUint16(o + 2, m.flags, true);
    v.setUint16(o + 4, m.length, true);
    v.setBigUint64(o + 8, BigInt(m.bufferAddress), true);
  });
  return bytes;
}

export function encodeRdwrData(messagesAddress: number, count: number): Uint8Array {
  const bytes = new Uint8Array(16);
  const v = new DataView(bytes.buffer);
  v.setBigUint64(0, BigInt(messagesAddress), true);
  v.setUint32(8, count, true);
  return bytes;
}
