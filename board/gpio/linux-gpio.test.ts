// Checks the bytes handed to the kernel against include/uapi/linux/gpio.h, computed here from the
// header's own macro definitions rather than from the module under test.
import { describe, expect, test } from "bun:test";
import { RecordingSyscalls } from "../linux/recording-syscalls.test-helper.ts";
import {
  encodeLineRequest,
  GPIO_V2_GET_LINE_IOCTL,
  GPIO_V2_LINE_GET_VALUES_IOCTL,
  GPIO_V2_LINE_SET_CONFIG_IOCTL,
  GPIO_V2_LINE_SET_VALUES_IOCTL,
} from "./gpio-v2-abi.ts";
import { LinuxGpio } from "./linux-gpio.ts";

// asm-generic/ioctl.h: #define _IOC(dir,type,nr,size) (((dir)<<30)|((size)<<16)|((type)<<8)|(nr))
const _IOC = (dir: number, type: number, nr: number, size: number): number =>
  ((dir << 30) | (size << 16) | (type << 8) | nr) >>> 0;
const _IOWR = (type: number, nr: number, size: number): number => _IOC(1 | 2, type, nr, size);

// sizeof per gpio.h: line_attribute 16, config_attribute 24, line_config 8+4+5*4+10*24 = 272,
// line_request 64*4 + 32 + 272 + 4 + 4 + 5*4 + 4 = 592, line_values 16.
const SIZEOF_LINE_CONFIG = 8 + 4 + 5 * 4 + 10 * 24;
const SIZEOF_LINE_REQUEST = 64 * 4 + 32 + SIZEOF_LINE_CONFIG + 4 + 4 + 5 * 4 + 4;

describe("GPIO v2 uAPI encodings", () => {
  test("ioctl numbers match _IOWR(0xB4, nr, struct)", () => {
    expect(SIZEOF_LINE_REQUEST).toBe(592);
    expect(GPIO_V2_GET_LINE_IOCTL).toBe(_IOWR(0xb4, 0x07, SIZEOF_LINE_REQUEST));
    expect(GPIO_V2_GET_LINE_IOCTL).toBe(0xc250b407);
    expect(GPIO_V2_LINE_SET_CONFIG_IOCTL).toBe(_IOWR(0xb4, 0x0d, SIZEOF_LINE_CONFIG));
    expect(GPIO_V2_LINE_GET_VALUES_IOCTL).toBe(_IOWR(0xb4, 0x0e, 16));
    expect(GPIO_V2_LINE_SET_VALUES_IOCTL).toBe(_IOWR(0xb4, 0x0f, 16));
  });

  test("struct gpio_v2_line_request is laid out byte for byte", () => {
    const bytes = encodeLineRequest({
      offsets: [17],
      consumer: "pbx-led",
      flags: 0x08,
      outputValues: 1,
    });
    const expected = new Uint8Array(592);
    const v = new DataView(expected.buffer);
    v.setUint32(0, 17, true); // offsets[0]
    expected.set(new TextEncoder().encode("pbx-led"), 256); // consumer
    v.setUint32(288, 0x08, true); // config.flags (u64, low half)
    v.setUint32(296, 1, true); // config.num_attrs
    v.setUint32(320, 2, true); // attrs[0].attr.id = GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES
    v.setUint32(328, 1, true); // attrs[0].attr.values
    v.setUint32(336, 1, true); // attrs[0].mask
    v.setUint32(560, 1, true); // num_lines
    expect(Array.from(bytes)).toEqual(Array.from(expected));
  });
});

describe("LinuxGpio", () => {
  test("requests an active-low input with pull-up and reads it through GET_VALUES", () => {
    const sys = new RecordingSyscalls((call) => {
      const v = new DataView(call.arg.buffer, call.arg.byteOffset);
      if (call.request === GPIO_V2_GET_LINE_IOCTL) v.setInt32(588, 42, true);
      if (call.request === GPIO_V2_LINE_GET_VALUES_IOCTL) v.setUint32(0, 1, true);
      return 0;
    });
    const gpio = new LinuxGpio(sys);
    const line = gpio.requestLine(
      { chip: "/dev/gpiochip0", line: 4, activeLow: true },
      "input",
      "reset",
    );
    expect(sys.opened[0]?.path).toBe("/dev/gpiochip0");
    const request = sys.ioctls[0]!;
    const flags = new DataView(request.arg.buffer).getUint32(288, true);
    expect(flags).toBe((1 << 2) | (1 << 1) | (1 << 8));
    expect(line.read()).toBe(true);
    const get = sys.ioctls[1]!;
    expect(get.fd).toBe(42);
    expect(Array.from(get.arg)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    line.write(false);
    expect(sys.ioctls[2]?.request).toBe(GPIO_V2_LINE_SET_VALUES_IOCTL);
  });

  test("a failed ioctl surfaces as an error naming the device", () => {
    const gpio = new LinuxGpio(new RecordingSyscalls(() => -1));
    expect(() =>
      gpio.requestLine({ chip: "/dev/gpiochip0", line: 1, activeLow: false }, "output", "x"),
    ).toThrow("/dev/gpiochip0");
  });
});

describe("LinuxGpio line events", () => {
  // struct gpio_v2_line_event: u64 timestamp_ns; u32 id; u32 offset; u32 seqno; u32 line_seqno;
  // u32 padding[6] = 48 bytes; id 1 = GPIO_V2_LINE_EVENT_RISING_EDGE, 2 = FALLING_EDGE.
  const event = (id: number, seqno: number): Uint8Array => {
    const b = new Uint8Array(48);
    const v = new DataView(b.buffer);
    v.setBigUint64(0, 123_000_000n + BigInt(seqno), true);
    v.setUint32(8, id, true);
    v.setUint32(12, 28, true);
    v.setUint32(16, seqno, true);
    v.setUint32(20, seqno, true);
    return b;
  };

  test("requests the INT line with EDGE_RISING on the active-low input and reports each event read from the fd", async () => {
    const sys = new RecordingSyscalls((call) => {
      if (call.request === GPIO_V2_GET_LINE_IOCTL)
        new DataView(call.arg.buffer, call.arg.byteOffset).setInt32(588, 43, true);
      return 0;
    });
    let push: ((chunk: Uint8Array) => void) | null = null;
    const readFds: number[] = [];
    const gpio = new LinuxGpio(sys, (fd) => {
      readFds.push(fd);
      return new ReadableStream<Uint8Array>({
        start(controller) {
          push = (chunk) => controller.enqueue(chunk);
        },
      });
    });
    const line = gpio.requestEvents(
      { chip: "/dev/gpiochip0", line: 28, activeLow: true },
      "rising",
      "fxs1-int",
    );
    const flags = new DataView(sys.ioctls[0]!.arg.buffer).getUint32(288, true);
    // INPUT | ACTIVE_LOW | EDGE_RISING (1 << 4) | BIAS_PULL_UP
    expect(flags).toBe((1 << 2) | (1 << 1) | (1 << 4) | (1 << 8));
    expect(readFds).toEqual([43]);
    const edges: string[] = [];
    line.onEdge((e) => edges.push(e.edge));
    // Two events in one read, then one split across two reads.
    const two = new Uint8Array(96);
    two.set(event(1, 1));
    two.set(event(2, 2), 48);
    push!(two);
    const third = event(1, 3);
    push!(third.subarray(0, 20));
    push!(third.subarray(20));
    for (let i = 0; i < 20 && edges.length < 3; i++) await Bun.sleep(1);
    expect(edges).toEqual(["rising", "falling", "rising"]);
    line.close();
    expect(sys.closed).toContain(43);
  });
});
