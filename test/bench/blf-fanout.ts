// SPEC PROV-3 under load: the NOTIFY fan-out of one extension watched by 500 BLF keys. The
// box's SIP stack and notifier on a real UDP socket on loopback, the RFC 4235 bodies the
// box sends; the watchers are one UDP socket holding 500 subscription dialogs and answering
// every NOTIFY with 200, as phones do. Each round changes the extension's state once and
// times until all 500 NOTIFYs are answered. Printed: subscribe time, per-round fan-out
// time (ms) and NOTIFYs per second. The 500 answers share one receiving socket: NOTIFYs its
// buffer drops in a burst come again after T1 (500 ms), which the "answered" time includes.
//
//   ./node_modules/.bin/bun test/bench/blf-fanout.ts       (WATCHERS=500 ROUNDS=6 by default)

import { dialogInfo } from "../../firmware/lamps/dialog-info.ts";
import { EventPackages } from "../../firmware/sip/core/event-packages.ts";
import { SipStack } from "../../firmware/sip/core/sip-stack.ts";
import { SipResponse } from "../../firmware/sip/message/message.ts";
import { parseDatagram } from "../../firmware/sip/message/parser.ts";
import { UdpTransport } from "../../firmware/sip/transport/udp-transport.ts";
import { Notifier } from "../../firmware/sip/usages/notifier.ts";
import { systemClock } from "../../firmware/system-clock.ts";
import { freePort } from "../support/free-port.ts";

const WATCHERS = Number(process.env.WATCHERS ?? 500);
const ROUNDS = Number(process.env.ROUNDS ?? 6);
const STATES = ["ringing", "busy", "idle"] as const;

const port = await freePort();
const stack = new SipStack({ clock: systemClock });
let state: (typeof STATES)[number] = "idle";
const notifier = new Notifier({
  stack,
  clock: systemClock,
  sentBy: () => `127.0.0.1:${port}`,
  minExpiresS: 60,
  maxExpiresS: 3600,
  defaultExpiresS: 3600,
  admit: (incoming) => ({ resource: "2001", subscriber: incoming.request.callId ?? "" }),
});
const packages = new EventPackages();
packages.add(
  "dialog",
  notifier.handler({
    event: "dialog",
    contentType: "application/dialog-info+xml",
    body: (extension, sub) =>
      Buffer.from(dialogInfo({ extension, domain: "127.0.0.1", state, version: sub.notifies })),
  }),
);
stack.on("SUBSCRIBE", packages);
stack.addTransport(await UdpTransport.listen("127.0.0.1", port, stack));

/** The highest NOTIFY CSeq each watcher answered (retransmissions counted once). */
const latest = new Map<string, number>();
const reached = (cseq: number) => [...latest.values()].filter((c) => c >= cseq).length;
let wake: () => void = () => {};
const phones = await Bun.udpSocket({
  hostname: "127.0.0.1",
  socket: {
    data(s, data, fromPort, address) {
      const parsed = parseDatagram(Buffer.from(data));
      if (!parsed.ok) return;
      const m = parsed.message;
      if (!(m instanceof SipResponse)) {
        const copied = ["via", "from", "to", "call-id", "cseq"]
          .map((h) => `${h}: ${m.headers.get(h)}`)
          .join("\r\n");
        s.send(`SIP/2.0 200 OK\r\n${copied}\r\nContent-Length: 0\r\n\r\n`, fromPort, address);
        const callId = m.callId ?? "";
        latest.set(callId, Math.max(latest.get(callId) ?? 0, m.cseq?.seq ?? 0));
      }
      wake();
    },
  },
});

async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!done()) {
    if (Date.now() > deadline)
      throw new Error(`timed out: ${what} (${notifier.watchers("dialog", "2001")} watchers)`);
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, 50);
    });
  }
}

const here = `127.0.0.1:${phones.port}`;
const started = performance.now();
for (let i = 0; i < WATCHERS; i++) {
  const lines = [
    `SUBSCRIBE sip:2001@127.0.0.1:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP ${here};branch=z9hG4bKbench${i};rport`,
    "Max-Forwards: 70",
    `From: <sip:w${i}@127.0.0.1>;tag=t${i}`,
    `To: <sip:2001@127.0.0.1:${port}>`,
    `Call-ID: bench-${i}`,
    "CSeq: 1 SUBSCRIBE",
    `Contact: <sip:w${i}@${here}>`,
    "Event: dialog",
    "Expires: 3600",
    "Content-Length: 0",
  ];
  phones.send(`${lines.join("\r\n")}\r\n\r\n`, port, "127.0.0.1");
  if (i % 50 === 49) await Bun.sleep(1);
}
// A SUBSCRIBE or its NOTIFY lost in the burst is retransmitted (Timer E, Timer A).
await until(
  () => notifier.watchers("dialog", "2001") === WATCHERS && reached(1) === WATCHERS,
  "subscriptions",
);
console.log(
  `${WATCHERS} watchers subscribed and NOTIFYed in ${(performance.now() - started).toFixed(0)} ms`,
);

for (let round = 0; round < ROUNDS; round++) {
  state = STATES[round % STATES.length]!;
  const t0 = performance.now();
  notifier.notify("dialog", "2001");
  const queuedMs = performance.now() - t0;
  await until(() => reached(round + 2) === WATCHERS, `round ${round}`);
  const ms = performance.now() - t0;
  console.log(
    `round ${round + 1} (${state}): ${WATCHERS} NOTIFYs sent in ${queuedMs.toFixed(1)} ms, all answered in ${ms.toFixed(1)} ms (${Math.round((WATCHERS * 1000) / ms)} NOTIFY/s)`,
  );
}
notifier.close();
phones.close();
stack.close();
