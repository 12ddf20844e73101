import { describe, expect, test } from "bun:test";
import { PortAllocator } from "./port-allocator.ts";

describe("PortAllocator", () => {
  test("hands out even RTP ports whose RTCP port is also in the range", () => {
    const ports = new PortAllocator({ min: 10001, max: 10008 });
    expect(ports.capacity).toBe(3);
    expect([ports.allocate(), ports.allocate(), ports.allocate()]).toEqual([10002, 10004, 10006]);
    expect(ports.allocate()).toBeUndefined();
  });

  test("goes round the range instead of reusing the port just freed", () => {
    const ports = new PortAllocator({ min: 10000, max: 10007 });
    const first = ports.allocate();
    ports.release(first!);
    expect(ports.allocate()).toBe(10002);
    expect(ports.allocate()).toBe(10004);
    expect(ports.allocate()).toBe(10006);
    expect(ports.allocate()).toBe(10000);
    expect(ports.inUse).toBe(4);
  });
});
