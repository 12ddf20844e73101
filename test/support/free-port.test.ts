import { describe, expect, test } from "bun:test";
import { freePort, portShare } from "./free-port.ts";

describe("portShare", () => {
  const ports = Array.from({ length: 10 }, (_, i) => 20000 + i);

  test("lanes side by side get disjoint slices of the ports", () => {
    const [first, second] = [portShare(ports, "0/2"), portShare(ports, "1/2")];
    expect(first).toEqual([20000, 20001, 20002, 20003, 20004]);
    expect(second).toEqual([20005, 20006, 20007, 20008, 20009]);
  });

  test("one lane, or no share named, or a garbled one, takes every port", () => {
    for (const share of [undefined, "0/1", "", "2/2", "x/2", "-1/2"])
      expect(portShare(ports, share)).toEqual(ports);
  });
});

test("freePort hands out a port free on both UDP and TCP", async () => {
  const port = await freePort();
  const server = Bun.listen({ hostname: "127.0.0.1", port, socket: { data() {} } });
  const udp = await Bun.udpSocket({ hostname: "127.0.0.1", port });
  expect(udp.port).toBe(port);
  udp.close();
  server.stop(true);
});
