// A burst while the box is busy (issue 16): requests that arrive while the box's event loop is
// held up (here: the whole process stopped for a moment) wait in its SIP socket's receive
// buffer, grown past the kernel's default, and are all answered once it runs again. With the
// default 208 KiB buffer only a few hundred of them would be, and the phones would have to
// resend the rest.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { growUdpReceiveBuffer } from "../../firmware/sip/transport/receive-buffer.ts";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";
import { optionsRequest } from "../support/raw-sip.ts";

const BURST = 1500;
let pbx: RunningPbx;

beforeAll(async () => {
  pbx = await startPbx();
}, 60_000);
afterAll(async () => {
  process.kill(pbx.pid, "SIGCONT");
  await pbx.stop();
});

describe("the SIP socket's receive buffer", () => {
  test(`${BURST} OPTIONS sent while the box is stopped are all answered once it runs`, async () => {
    expect(pbx.output()).toMatch(/"SIP over UDP: receive buffer","bytes":\d{7,}/);

    const answered = new Set<string>();
    const peer = await Bun.udpSocket({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        data(_socket, data) {
          const text = data.toString();
          const callId = /\r\nCall-ID: *([^\r\n]+)/i.exec(text)?.[1];
          if (text.startsWith("SIP/2.0 200 ") && callId) answered.add(callId);
        },
      },
    });
    try {
      // The answers come back faster than a test's event loop may read them: room for all.
      const own = await growUdpReceiveBuffer(peer.port, 8 * 1024 * 1024);
      expect(own.ok).toBe(true);

      process.kill(pbx.pid, "SIGSTOP");
      try {
        for (let i = 0; i < BURST; i++) {
          const callId = `burst-${i}-${crypto.randomUUID()}`;
          peer.send(optionsRequest(pbx.ports.sip, peer.port, callId), pbx.ports.sip, "127.0.0.1");
        }
      } finally {
        process.kill(pbx.pid, "SIGCONT");
      }

      const deadline = Date.now() + 15_000;
      while (answered.size < BURST && Date.now() < deadline) await Bun.sleep(50);
      expect(answered.size).toBe(BURST);
    } finally {
      peer.close();
    }
  }, 60_000);
});
