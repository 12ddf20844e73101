// REGISTER throughput of the box (issue "Foundation"): SIPp beside the box registers 1,000
// extensions with digest authentication at rising rates. Prints, per step, the registrations
// per second achieved, failures, the box's CPU and RSS; then RSS after 150,000 registrations,
// idle RSS and the time from start to serving. Bounded: stops by itself in a few minutes.
//
//   npx bun test/bench/register.ts            (or test/bench/register.sh)
//   PROFILE=1 RATES=6000 SOAK=0 npx bun test/bench/register.ts
//                                             (the box under Bun's CPU profiler: the Markdown
//                                              profile's path is printed at the end)

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../support/free-port.ts";
import { PBX_COMMAND, startPbx } from "../support/pbx-process.ts";
import { requirePeer, run } from "../support/peers.ts";
import { cpuSeconds, rssMb } from "./proc-stats.ts";

const USERS = 1000;
const STEP_S = 8;
const RATES = (process.env.RATES ?? "2000,4000,6000,8000,9000,10000,12000").split(",").map(Number);
const SOAK = Number(process.env.SOAK ?? 150_000);

const sippBinary = requirePeer("sipp", "sip-tester");
const bootStart = performance.now();
const profileDir = process.env.PROFILE ? mkdtempSync(join(tmpdir(), "bench-profile-")) : "";
const [bun, ...main] = PBX_COMMAND;
const pbx = await startPbx(
  profileDir ? { command: [bun!, "--cpu-prof-md", `--cpu-prof-dir=${profileDir}`, ...main] } : {},
);
const startupMs = performance.now() - bootStart;
const token = await pbx.adminToken();

// 1,000 extensions by bulk add, then their generated passwords for SIPp's injection file.
for (let start = 1000; start < 1000 + USERS; start += 500) {
  const response = await pbx.api("/api/v1/extensions/bulk", {
    method: "POST",
    token,
    body: JSON.stringify({ startNumber: String(start), count: 500 }),
  });
  if (response.status !== 201)
    throw new Error(`bulk add: ${response.status} ${await response.text()}`);
}
// Generated passwords may hold characters SIPp's [authentication] keyword cannot carry
// ($, %, #...), so each extension gets a plain one for the load.
const users: { number: string; sipPassword: string }[] = [];
for (let n = 1000; n < 1000 + USERS; n++) {
  const sipPassword = `Bench-${n}x`;
  const response = await pbx.api(`/api/v1/extensions/${n}`, {
    method: "PATCH",
    token,
    body: JSON.stringify({ sipPassword }),
  });
  if (response.status !== 200) throw new Error(`password of ${n}: ${response.status}`);
  users.push({ number: String(n), sipPassword });
}
const dir = mkdtempSync(join(tmpdir(), "bench-register-"));
writeFileSync(
  join(dir, "users.csv"),
  `SEQUENTIAL\n${users.map((u) => `${u.number};[authentication username=${u.number} password=${u.sipPassword}]`).join("\n")}\n`,
);
await Bun.sleep(500);
const idleRss = rssMb(pbx.pid);

async function load(rate: number, calls: number) {
  const cpuBefore = cpuSeconds(pbx.pid);
  const started = performance.now();
  const result = await run(
    [
      sippBinary,
      `127.0.0.1:${pbx.ports.sip}`,
      "-sf",
      join(import.meta.dir, "..", "interop", "sipp", "register-many.xml"),
      "-inf",
      join(dir, "users.csv"),
      "-i",
      "127.0.0.1",
      "-p",
      String(await freePort()),
      "-t",
      "u1",
      "-r",
      String(rate),
      "-rp",
      "1000",
      "-m",
      String(calls),
      "-l",
      String(Math.max(1000, rate)),
      "-nostdin",
      "-timeout",
      `${STEP_S * 4}s`,
      "-max_socket",
      "1024",
      "-recv_timeout",
      "5000",
    ],
    { cwd: dir, timeoutMs: STEP_S * 6000 },
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(pbx.pid) - cpuBefore;
  const count = (label: string) =>
    Number(new RegExp(`${label}\\s+\\|\\s+\\d+\\s+\\|\\s+(\\d+)`).exec(result.stdout)?.[1] ?? 0);
  const ok = count("Successful call");
  const failed = count("Failed call");
  return { ok, failed, seconds, cpuPct: (cpu / seconds) * 100, rss: rssMb(pbx.pid) };
}

console.log(
  `box started and serving in ${startupMs.toFixed(0)} ms (process spawn to HTTP health 200)`,
);
console.log(`idle RSS with ${USERS} extensions: ${idleRss.toFixed(1)} MB`);
console.log("offered/s  registered/s  failed  box CPU %  box RSS MB");
let best = 0;
for (const rate of RATES) {
  const r = await load(rate, rate * STEP_S);
  const perSecond = r.ok / r.seconds;
  const failPct = (100 * r.failed) / Math.max(1, r.ok + r.failed);
  console.log(
    `${String(rate).padStart(9)}  ${perSecond.toFixed(0).padStart(12)}  ${String(r.failed).padStart(6)}  ${r.cpuPct.toFixed(0).padStart(9)}  ${r.rss.toFixed(1).padStart(10)}`,
  );
  if (failPct < 0.1) best = Math.max(best, perSecond);
  else break;
}
console.log(`highest rate with < 0.1% failures: ${best.toFixed(0)} registrations/s`);

const soakRate = Math.max(1000, Math.floor(best * 0.8));
if (SOAK === 0) {
  await pbx.stop();
  if (profileDir) console.log(`CPU profile in ${profileDir}`);
  process.exit(0);
}
const beforeSoak = rssMb(pbx.pid);
const soak = await load(soakRate, SOAK);
await Bun.sleep(35_000); // past Timer J: completed transactions are gone
console.log(
  `after ${soak.ok} more registrations at ${soakRate}/s (${soak.failed} failed): RSS ${beforeSoak.toFixed(1)} MB before, ${soak.rss.toFixed(1)} MB at the end of the load, ${rssMb(pbx.pid).toFixed(1)} MB 35 s later`,
);
await pbx.stop();
