import { describe, expect, test } from "bun:test";
import { growUdpReceiveBuffer } from "./receive-buffer.ts";

describe("growUdpReceiveBuffer", () => {
  test("grows this process's socket on the port; the kernel reports twice the request", async () => {
    const socket = await Bun.udpSocket({ hostname: "127.0.0.1", port: 0 });
    try {
      const grown = await growUdpReceiveBuffer(socket.port, 1024 * 1024);
      expect(grown).toEqual({ ok: true, bytes: 2 * 1024 * 1024 });
    } finally {
      socket.close();
    }
  });

  test("a port without a socket of this process is named, not guessed", async () => {
    const socket = await Bun.udpSocket({ hostname: "127.0.0.1", port: 0 });
    const port = socket.port;
    socket.close();
    expect(await growUdpReceiveBuffer(port, 1024 * 1024)).toEqual({
      ok: false,
      reason: `no UDP socket of this process on ${port}`,
    });
  });
});
