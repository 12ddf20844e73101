// Run inside a fresh network namespace (`unshare -rn`, loopback up, 224.0.0.0/4 routed to it)
// by firmware/provisioning/pnp-multicast.test.ts, so no multicast ever reaches the host's
// network. A SIP stack on UDP `--sip-port` (0.0.0.0) with the PnP responder and the multicast
// listener; a phone socket on 127.0.0.1 sends the Yealink W52P's SUBSCRIBE to 224.0.1.75:5060
// with multicast loopback on, and what the phone receives is printed as one JSON line.
import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Discovery } from "../../firmware/provisioning/phone-service.ts";
import { PnpMulticast } from "../../firmware/provisioning/pnp-multicast.ts";
import { pnpResponder } from "../../firmware/provisioning/pnp-responder.ts";
import { SipStack } from "../../firmware/sip/core/sip-stack.ts";
import { silentLogger } from "../../firmware/sip/logger.ts";
import { UdpTransport } from "../../firmware/sip/transport/udp-transport.ts";
import { ManualClock } from "./manual-clock.ts";

const sipPort = Number(process.argv[2] ?? 5060);
const stack = new SipStack({ clock: new ManualClock() });
stack.addTransport(await UdpTransport.listen("0.0.0.0", sipPort, stack));
const found: Discovery[] = [];
stack.on(
  "SUBSCRIBE",
  pnpResponder({
    stack,
    enabled: () => true,
    sentBy: () => `127.0.0.1:${sipPort}`,
    provisioningUrl: () => "http://127.0.0.1/api/v1/provisioning/files/",
    discovered: (d) => found.push(d),
    log: silentLogger,
  }),
);
const multicast = await PnpMulticast.listen({ sink: stack });

const received: string[] = [];
const phone = createSocket("udp4");
phone.on("message", (data) => received.push(data.toString("latin1")));
await new Promise<void>((done) => phone.bind(0, "127.0.0.1", () => done()));
phone.setMulticastLoopback(true);
phone.setMulticastInterface("127.0.0.1");
const port = phone.address().port;
const subscribe = readFileSync(
  join(import.meta.dir, "..", "fixtures", "pnp", "yealink_w52p_subscribe.sip"),
  "latin1",
)
  .replace(/^(Via: SIP\/2\.0\/UDP )[^;\r\n]+/m, `$1127.0.0.1:${port}`)
  .replace(/^Contact: <sip:([^@>]*@)?[^>]+>/m, `Contact: <sip:$1127.0.0.1:${port}>`);
phone.send(Buffer.from(subscribe, "latin1"), 5060, "224.0.1.75");
for (let waited = 0; received.length < 2 && waited < 3000; waited += 20) await Bun.sleep(20);
console.log(
  JSON.stringify({
    found,
    firstLines: received.map((m) => m.split("\r\n")[0]),
    notifyBody: received.find((m) => m.startsWith("NOTIFY"))?.split("\r\n\r\n")[1],
  }),
);
multicast.close();
phone.close();
stack.close();
process.exit(0);
