// Back-pressure end to end (issue 16): a box limited to 200 held SIP transactions, filled by a
// stranger's OPTIONS from 127.0.0.3, answers a flood of REGISTERs from 127.0.0.2 with 503 and
// Retry-After at once, statelessly, and keeps serving: the office's registered baresip phones
// (127.0.0.1) register again and call each other through it while the flood is refused.
// test/run.ts: alone (the flood must fill the box, not a machine shared with another file).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Baresip, silentMicrophone, startRegisteredBaresip } from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { udpPeer } from "../support/raw-sip.ts";

const LIMIT = 200;
let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
let a: Baresip;
let b: Baresip;
const password = (n: string) => `Pass-${n}!`;

beforeAll(async () => {
  pbx = await startPbx({ env: { PBX_SIP_MAX_TRANSACTIONS: String(LIMIT) } });
  api = boxApi(pbx, await pbx.adminToken());
  for (const number of ["601", "602"])
    expect(
      (await api("POST", "/extensions", { number, sipPassword: password(number) })).status,
    ).toBe(201);
  const mic = silentMicrophone();
  const phone = (extension: string) =>
    startRegisteredBaresip({
      extension,
      password: password(extension),
      pbxPort: pbx.ports.sip,
      sourceWav: mic,
      codecs: ["PCMU"],
    });
  [a, b] = await Promise.all([phone("601"), phone("602")]);
}, SETUP_BOUND_MS);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await pbx?.stop();
}, 30_000);

/** `count` out-of-dialog requests from `from`, each its own transaction, in bursts of 50. */
async function send(from: string, method: "OPTIONS" | "REGISTER", count: number) {
  const peer = await udpPeer(pbx.ports.sip, from);
  const tag = `${method}-${Date.now()}`;
  for (let i = 0; i < count; i++) {
    const user = method === "REGISTER" ? `7${String(i).padStart(3, "0")}` : "probe";
    peer.send(
      [
        `${method} sip:127.0.0.1:${pbx.ports.sip} SIP/2.0`,
        `Via: SIP/2.0/UDP ${from}:${peer.port};branch=z9hG4bK-${tag}-${i}`,
        `From: <sip:${user}@127.0.0.1>;tag=f${i}`,
        `To: <sip:${user}@127.0.0.1>`,
        `Call-ID: ${tag}-${i}@${from}`,
        `CSeq: 1 ${method}`,
        `Contact: <sip:${user}@${from}:${peer.port}>`,
        "Max-Forwards: 70",
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n"),
    );
    if (i % 50 === 49) await Bun.sleep(20);
  }
  const answers = await peer.collect(2_000);
  peer.close();
  return answers;
}

describe("a flood past the load limit", () => {
  test("a stranger's requests beyond the limit are refused with 503 and Retry-After", async () => {
    const filler = await send("127.0.0.3", "OPTIONS", LIMIT + 100);
    const served = filler.filter((r) => r.status === 200).length;
    const refused = filler.filter((r) => r.status === 503).length;
    expect(served).toBeGreaterThanOrEqual(LIMIT - 10);
    expect(served).toBeLessThanOrEqual(LIMIT);
    expect(served + refused).toBe(LIMIT + 100);

    const flood = await send("127.0.0.2", "REGISTER", 1000);
    expect(flood.length).toBe(1000);
    expect(flood.every((r) => r.status === 503)).toBe(true);
    for (const r of flood) {
      const after = Number(r.headers.get("retry-after"));
      expect(after).toBeGreaterThanOrEqual(10);
      expect(after).toBeLessThanOrEqual(20);
    }
  }, 60_000);

  test("meanwhile the registered phones register again and call each other", async () => {
    // A second phone of 601 on the office's address registers while the flood goes on.
    const [flood, second] = await Promise.all([
      send("127.0.0.2", "REGISTER", 200),
      startRegisteredBaresip({
        extension: "601",
        password: password("601"),
        pbxPort: pbx.ports.sip,
      }),
    ]);
    expect(flood.filter((r) => r.status === 503).length).toBe(200);
    await second.stop();
    const rings = (b.output().match(/Incoming call/gi) ?? []).length;
    await a.command("dial", `sip:602@127.0.0.1:${pbx.ports.sip}`);
    await until(
      async () => (b.output().match(/Incoming call/gi) ?? []).length,
      (n) => n > rings,
    );
    await b.command("accept");
    const talking = await until(
      async () => (await api("GET", "/calls")).json.items as { legs: { state: string }[] }[],
      (calls) => calls.some((c) => c.legs.filter((l) => l.state === "answered").length === 2),
    );
    expect(talking.length).toBe(1);
    await a.command("hangup");
    await until(
      async () => (await api("GET", "/calls")).json.items.length,
      (n) => n === 0,
    );
  }, 60_000);
});
