import { expect, test } from "bun:test";
import { l16 } from "./l16.ts";

test("L16 puts samples on the wire big-endian and reads them back", () => {
  const codec = l16(8000).create();
  const payload = codec.encode(Int16Array.of(0x1234, -2, -32768, 32767));
  expect([...payload]).toEqual([0x12, 0x34, 0xff, 0xfe, 0x80, 0x00, 0x7f, 0xff]);
  expect([...codec.decode(payload)]).toEqual([0x1234, -2, -32768, 32767]);
});

test("L16 at 8 and 16 kHz get distinct default dynamic payload types", () => {
  expect(l16(8000).payloadType).not.toBe(l16(16000).payloadType);
  expect(l16(8000).payloadType).toBeGreaterThanOrEqual(96);
  expect(l16(16000, 101).payloadType).toBe(101);
});
