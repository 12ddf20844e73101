// SPEC PROV-2 multicast: only ever inside a network namespace of its own (`unshare -rn`, user
// and network namespaces, loopback up and 224.0.0.0/4 routed to it), never on the host's
// network. A real W52P SUBSCRIBE sent to 224.0.1.75:5060 reaches the PnP responder through the
// listener and the phone gets 200 and the NOTIFY, unicast: with the SIP socket on 5060 itself
// (the listener then only joins) and on another port (the listener binds 5060).
import { expect, test } from "bun:test";
import { join } from "node:path";
import { requirePeer, run } from "../../test/support/peers.ts";

const SCRIPT = join(import.meta.dir, "..", "..", "test", "support", "pnp-multicast-netns.ts");

async function inNamespace(sipPort: number) {
  const unshare = requirePeer("unshare", "util-linux");
  requirePeer("ip", "iproute2");
  const setup = "ip link set lo up && ip route add 224.0.0.0/4 dev lo";
  const result = await run(
    [
      unshare,
      "-rn",
      "sh",
      "-c",
      `${setup} && exec "$0" "$1" "$2"`,
      process.execPath,
      SCRIPT,
      String(sipPort),
    ],
    { timeoutMs: 30_000 },
  );
  if (result.code !== 0) throw new Error(`namespace run failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!) as {
    found: { mac: string; model: string }[];
    firstLines: string[];
    notifyBody?: string;
  };
}

for (const sipPort of [5060, 5070]) {
  test(`a SUBSCRIBE to 224.0.1.75:5060 is answered with the SIP socket on ${sipPort}`, async () => {
    const seen = await inNamespace(sipPort);
    expect(seen.firstLines).toHaveLength(2);
    expect(seen.firstLines[0]).toBe("SIP/2.0 200 OK");
    expect(seen.firstLines[1]).toMatch(/^NOTIFY sip:MAC001565f4f9e1@127\.0\.0\.1:\d+ SIP\/2\.0$/);
    expect(seen.notifyBody).toBe("http://127.0.0.1/api/v1/provisioning/files/");
    expect(seen.found).toMatchObject([{ mac: "001565f4f9e1", model: "W52P" }]);
  }, 40_000);
}
