// GPIO character device uAPI v2 (include/uapi/linux/gpio.h): struct layouts and ioctl numbers.
//   struct gpio_v2_line_attribute        { u32 id; u32 padding; u64 flags|values|debounce }  16 B
//   struct gpio_v2_line_config_attribute { attribute attr; u64 mask; }                       24 B
//   struct gpio_v2_line_config  { u64 flags; u32 num_attrs; u32 padding[5]; attrs[10] }     272 B
//   struct gpio_v2_line_request { u32 offsets[64]; char consumer[32]; config; u32 num_lines;
//                                 u32 event_buffer_size; u32 padding[5]; s32 fd; }          592 B
//   struct gpio_v2_line_values  { u64 bits; u64 mask; }                                       16 B
//   struct gpio_v2_line_event   { u64 timestamp_ns; u32 id; u32 offset; u32 seqno;
//                                 u32 line_seqno; u32 padding[6]; }                            48 B
import { iowr } from "../linux/ioctl.ts";

export const GPIO_MAGIC = 0xb4;
export const GPIO_V2_LINES_MAX = 64;
export const GPIO_MAX_NAME_SIZE = 32;
export const GPIO_V2_LINE_NUM_ATTRS_MAX = 10;
export const LINE_CONFIG_SIZE = 272;
export const LINE_REQUEST_SIZE = 592;
export const LINE_VALUES_SIZE = 16;
export const LINE_EVENT_SIZE = 48;

export const GPIO_V2_GET_LINE_IOCTL = iowr(GPIO_MAGIC, 0x07, LINE_REQUEST_SIZE);
export const GPIO_V2_LINE_SET_CONFIG_IOCTL = iowr(GPIO_MAGIC, 0x0d, LINE_CONFIG_SIZE);
export const GPIO_V2_LINE_GET_VALUES_IOCTL = iowr(GPIO_MAGIC, 0x0e, LINE_VALUES_SIZE);
export const GPIO_V2_LINE_SET_VALUES_IOCTL = iowr(GPIO_MAGIC, 0x0f, LINE_VALUES_SIZE);

export const GPIO_V2_LINE_FLAG_ACTIVE_LOW = 1 << 1;
export const GPIO_V2_LINE_FLAG_INPUT = 1 << 2;
export const GPIO_V2_LINE_FLAG_OUTPUT = 1 << 3;
export const GPIO_V2_LINE_FLAG_EDGE_RISING = 1 << 4;
export const GPIO_V2_LINE_FLAG_EDGE_FALLING = 1 << 5;
export const GPIO_V2_LINE_FLAG_BIAS_PULL_UP = 1 << 8;

export const GPIO_V2_LINE_EVENT_RISING_EDGE = 1;
export const GPIO_V2_LINE_EVENT_FALLING_EDGE = 2;

export const GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES = 2;

const CONSUMER_OFFSET = 4 * GPIO_V2_LINES_MAX;
const CONFIG_OFFSET = CONSUMER_OFFSET + GPIO_MAX_NAME_SIZE;
const NUM_LINES_OFFSET = CONFIG_OFFSET + LINE_CONFIG_SIZE;
export const LINE_REQUEST_FD_OFFSET = LINE_REQUEST_SIZE - 4;

export interface LineRequest {
  readonly offsets: readonly number[];
  readonly consumer: string;
  readonly flags: number;
  /** Initial output values as a bitmap over the requested lines. */
  readonly outputValues?: number;
}

/** Encodes struct gpio_v2_line_request (little-endian, as on arm64 and x86-64). */
export function encodeLineRequest(r: LineRequest): Uint8Array {
  const bytes = new Uint8Array(LINE_REQUEST_SIZE);
  const view = new DataView(bytes.buffer);
  for (const [i, o] of r.offsets.entries()) view.setUint32(i * 4, o, true);
  bytes.set(
    new TextEncoder().encode(r.consumer).subarray(0, GPIO_MAX_NAME_SIZE - 1),
    CONSUMER_OFFSET,
  );
  view.setBigUint64(CONFIG_OFFSET, BigInt(r.flags), true);
  if (r.outputValues !== undefined) {
    view.setUint32(CONFIG_OFFSET + 8, 1, true);
    const attr = CONFIG_OFFSET + 32;
    view.setUint32(attr, GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES, true);
    view.setBigUint64(attr + 8, BigInt(r.outputValues), true);
    view.setBigUint64(attr + 16, (1n << BigInt(r.offsets.length)) - 1n, true);
  }
  view.setUint32(NUM_LINES_OFFSET, r.offsets.length, true);
  return bytes;
}

export const decodeLineRequestFd = (bytes: Uint8Array): number =>
  new DataView(bytes.buffer, bytes.byteOffset).getInt32(LINE_REQUEST_FD_OFFSET, true);

/** Encodes struct gpio_v2_line_values. */
export function encodeLineValues(bits: number, mask: number): Uint8Array {
  const bytes = new Uint8Array(LINE_VALUES_SIZE);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(bits), true);
  view.setBigUint64(8, BigInt(mask), true);
  return bytes;
}

export const decodeLineValueBits = (bytes: Uint8Array): number =>
  Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true) & 0xffffffffn);

export interface LineEvent {
  readonly timestampNs: bigint;
  /** GPIO_V2_LINE_EVENT_RISING_EDGE or _FALLING_EDGE (of the logical value). */
  readonly id: number;
  readonly offset: number;
  readonly seqno: number;
  readonly lineSeqno: number;
}

/** Decodes one struct gpio_v2_line_event read from a line request fd. */
export function decodeLineEvent(bytes: Uint8Array): LineEvent {
  const view = new DataView(bytes.buffer, bytes.byteOffset, LINE_EVENT_SIZE);
  return {
    timestampNs: view.getBigUint64(0, true),
    id: view.getUint32(8, true),
    offset: view.getUint32(12, true),
    seqno: view.getUint32(16, true),
    lineSeqno: view.getUint32(20, true),
  };
}

/** Encodes struct gpio_v2_line_event (what the kernel writes; for tests). */
export function encodeLineEvent(e: LineEvent): Uint8Array {
  const bytes = new Uint8Array(LINE_EVENT_SIZE);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, e.timestampNs, true);
  view.setUint32(8, e.id, true);
  view.setUint32(12, e.offset, true);
  view.setUint32(16, e.seqno, true);
  view.setUint32(20, e.lineSeqno, true);
  return bytes;
}
