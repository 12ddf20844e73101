// SPEC BILL-2, BILL-8 under load: 200 billed calls at once through the box, out over a peer
// trunk to a SIPp carrier on 127.0.0.2. Ten prepaid extensions (4000..4009) place 20 calls
// each; every extension has money for 20 s of talk in all at 0.01 per started second, so the
// calls are cut as the balances run out, all at about the same moment, each cut settling its
// charge in its own transaction while the others still extend theirs. Printed: calls placed
// and answered, charges settled, whether every extension's charges add up to what left its
// balance (no lost update) and never more than it had, time, box CPU and RSS.
//
//   ./node_modules/.bin/bun test/bench/billed-calls.ts     (CALLS_PER_EXTENSION=20 by default)

import { Database } from "bun:sqlite";
import { join } from "node:path";
import { boxApi, until } from "../support/box-api.ts";
import { freePort } from "../support/free-port.ts";
import { startPbx } from "../support/pbx-process.ts";
import { requirePeer, run } from "../support/peers.ts";
import { tempDir } from "../support/temp-dir.ts";
import { cpuSeconds, rssMb } from "./proc-stats.ts";
import { benchCallerBase, SCENARIOS, sippCount } from "./sipp-bench-caller.ts";

const EXTENSIONS = Array.from({ length: 10 }, (_, i) => String(4000 + i));
const PER_EXTENSION = Number(process.env.CALLS_PER_EXTENSION ?? 20);
const CALLS = EXTENSIONS.length * PER_EXTENSION;
/** Each extension's money: 20 s of talk at 1 minor unit per second. */
const BALANCE_MINOR = 20;
const DIALLED = "913800138000";

const sipp = requirePeer("sipp", "sip-tester");
const dataDir = tempDir("billed-calls-");
const box = await startPbx({ dataDir, env: { PBX_LOG_LEVEL: "warn" }, rtpPortCount: 4 * CALLS });
const api = boxApi(box, await box.adminToken());
const carrierPort = await freePort();
const must = async (status: number, answer: Promise<{ status: number; json: unknown }>) => {
  const a = await answer;
  if (a.status !== status) throw new Error(`${a.status} ${JSON.stringify(a.json)}`);
};
for (const number of EXTENSIONS)
  await must(201, api("POST", "/extensions", { number, sipPassword: `Bench-${number}x` }));
await must(
  201,
  api("POST", "/trunks", {
    name: "Carrier",
    kind: "peer",
    host: "127.0.0.2",
    port: carrierPort,
    codecs: ["PCMA"],
  }),
);
await must(
  201,
  api("POST", "/outbound-routes", {
    name: "Out",
    prefix: "9",
    patterns: ["X."],
    trunks: ["Carrier"],
  }),
);
await must(201, api("POST", "/billing/rates", { prefix: "9", rateMinor: 1, periodS: 1 }));
await must(200, api("PATCH", "/billing/settings", { enabled: true }));
await must(
  200,
  api("PATCH", "/billing/extensions", { extensions: EXTENSIONS, billingEnabled: true }),
);
await must(
  200,
  api("POST", "/billing/extensions/top-up", {
    extensions: EXTENSIONS,
    amountMinor: BALANCE_MINOR,
  }),
);

const dir = tempDir("billed-calls-sipp-");
const injection = join(dir, "callers.csv");
await Bun.write(
  injection,
  `SEQUENTIAL\n${Array.from({ length: CALLS }, (_, i) => {
    const n = EXTENSIONS[i % EXTENSIONS.length]!;
    return `${n};[authentication username=${n} password=Bench-${n}x]`;
  }).join("\n")}\n`,
);

const carrier = run(
  [
    sipp,
    "-sf",
    join(SCENARIOS, "billing-carrier-uas.xml"),
    "-i",
    "127.0.0.2",
    "-p",
    String(carrierPort),
  ].concat(["-m", String(CALLS), "-timeout", "90s", "-nostdin", "-max_socket", "4096"]),
  { cwd: dir, timeoutMs: 100_000 },
);
await Bun.sleep(300);
const cpuBefore = cpuSeconds(box.pid);
const started = performance.now();
const callers = await run(
  [
    ...benchCallerBase(sipp, box.ports.sip, DIALLED).map((a) =>
      a.endsWith("call-bench-uac.xml") ? join(SCENARIOS, "billing-uac.xml") : a,
    ),
    ...["-inf", injection, "-p", String(await freePort())],
    ...["-r", "200", "-m", String(CALLS), "-l", String(CALLS), "-recv_timeout", "60000"],
    ...["-timeout", "90s"],
  ],
  { cwd: dir, timeoutMs: 100_000 },
);
const seconds = (performance.now() - started) / 1000;
const cpuPct = ((cpuSeconds(box.pid) - cpuBefore) / seconds) * 100;
const rss = rssMb(box.pid);
await carrier;

const accounts = await until(
  async () =>
    Promise.all(EXTENSIONS.map(async (n) => (await api("GET", `/billing/extensions/${n}`)).json)),
  (all) => all.every((a) => a.reservedMinor === 0),
  30_000,
);
const db = new Database(join(dataDir, "pbx.db"), { readonly: true });
const charges = db.query("SELECT extension, state, charged_minor FROM billing_charges").all() as {
  extension: string;
  state: string;
  charged_minor: number;
}[];
db.close();
const consistent = accounts.every((a) => {
  const mine = charges.filter((c) => c.extension === a.extension);
  const charged = mine.reduce((sum, c) => sum + c.charged_minor, 0);
  return charged === BALANCE_MINOR - a.balanceMinor && a.balanceMinor >= 0;
});

console.log(`billed calls at once: ${CALLS} (${EXTENSIONS.length} extensions x ${PER_EXTENSION})`);
console.log(
  `calls done (answered and cut, or refused with 403): ${sippCount(callers.stdout, "Successful call")}, failed: ${sippCount(callers.stdout, "Failed call")}`,
);
if (process.env.DEBUG) console.log(callers.stdout.slice(0, 4000), callers.stderr.slice(0, 3000));
console.log(
  `charges settled: ${charges.filter((c) => c.state === "settled").length}, open: ${charges.filter((c) => c.state === "open").length}`,
);
console.log(
  `every extension's charges = what left its balance, none below zero: ${consistent ? "yes" : "NO"}`,
);
console.log(
  `money charged: ${charges.reduce((s, c) => s + c.charged_minor, 0)} of ${EXTENSIONS.length * BALANCE_MINOR}`,
);
console.log(
  `time ${seconds.toFixed(1)} s, box CPU ${cpuPct.toFixed(0)} %, box RSS ${rss.toFixed(1)} MB`,
);
await box.stop();
process.exit(consistent ? 0 : 1);
