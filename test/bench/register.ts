// REGISTER throughput of the box (issue "Foundation"): SIPp beside the box registers 1,000
// extensions with digest authentication at rising rates. Prints, per step, the registrations
// per second achieved, failures, the box's CPU and RSS (at the end of the step and its peak);
// then 150,000 more registrations at the highest rate that passed (issue 16: peak RSS under
// 300 MB), and RSS 60 s after the load, idle RSS and the time from start to serving. Bounded:
// stops by itself in a few minutes.
//
//   npx bun test/bench/register.ts            (or test/bench/register.sh)
//   PROFILE=1 RATES=6000 SOAK=0 npx bun test/bench/register.ts
//                                             (the box under Bun's CPU profiler: the Markdown
//                                              profile's path is printed at the end)
//   BUN_FLAGS="--smol" npx bun test/bench/register.ts
//                                             (runtime flags for the box, to compare)

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
const runtimeFlags = (process.env.BUN_FLAGS ?? "").split(" ").filter(Boolean);
const pbx = await startPbx(
  runtimeFlags.length > 0 && !profileDir
    ? { command: [bun!, ...runtimeFlags, ...main] }
    : profileDir
      ? {
          command: [
            bun!,
            // PROFILE=json: the Chrome .cpuprofile (samples with times) instead of Markdown.
            process.env.PROFILE === "json" ? "--cpu-prof" : "--cpu-prof-md",
            `--cpu-prof-dir=${profileDir}`,
            ...main,
          ],
        }
      : {},
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
/** SIPp's injection file: each extension's contact is SIPp itself, on `port`. */
const usersFile = (port: number): string => {
  const path = join(dir, `users-${port}.csv`);
  writeFileSync(
    path,
    `SEQUENTIAL\n${users.map((u) => `${u.number};[authentication username=${u.number} password=${u.sipPassword}];${port};120`).join("\n")}\n`,
  );
  return path;
};
await Bun.sleep(500);
const idleRss = rssMb(pbx.pid);

async function load(rate: number, calls: number) {
  const cpuBefore = cpuSeconds(pbx.pid);
  const started = performance.now();
  let peak = rssMb(pbx.pid);
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(pbx.pid));
  }, 200);
  const sippPort = await freePort();
  const result = await run(
    [
      sippBinary,
      `127.0.0.1:${pbx.ports.sip}`,
      "-sf",
      join(import.meta.dir, "..", "interop", "sipp", "register-many.xml"),
      "-inf",
      usersFile(sippPort),
      "-i",
      "127.0.0.1",
      "-p",
      String(sippPort),
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
      `${Math.ceil(Math.max(STEP_S * 4, (calls / rate) * 2))}s`,
      "-max_socket",
      "1024",
      "-recv_timeout",
      "5000",
    ],
    { cwd: dir, timeoutMs: Math.max(STEP_S, calls / rate) * 6000 },
  );
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(pbx.pid) - cpuBefore;
  const count = (label: string) =>
    Number(new RegExp(`${label}\\s+\\|\\s+\\d+\\s+\\|\\s+(\\d+)`).exec(result.stdout)?.[1] ?? 0);
  const ok = count("Successful call");
  const failed = count("Failed call");
  const rss = rssMb(pbx.pid);
  return { ok, failed, seconds, cpuPct: (cpu / seconds) * 100, rss, peak: Math.max(peak, rss) };
}

console.log(
  `box started and serving in ${startupMs.toFixed(0)} ms (process spawn to HTTP health 200)`,
);
console.log(`idle RSS with ${USERS} extensions: ${idleRss.toFixed(1)} MB`);
console.log("offered/s  registered/s  failed  box CPU %  box RSS MB  peak RSS MB");
let best = 0;
for (const rate of RATES) {
  const r = await load(rate, rate * STEP_S);
  const perSecond = r.ok / r.seconds;
  const failPct = (100 * r.failed) / Math.max(1, r.ok + r.failed);
  console.log(
    `${String(rate).padStart(9)}  ${perSecond.toFixed(0).padStart(12)}  ${String(r.failed).padStart(6)}  ${r.cpuPct.toFixed(0).padStart(9)}  ${r.rss.toFixed(1).padStart(10)}  ${r.peak.toFixed(1).padStart(11)}`,
  );
  if (failPct < 0.1) best = Math.max(best, perSecond);
  else break;
}
console.log(`highest rate with < 0.1% failures: ${best.toFixed(0)} registrations/s`);

// Issue 16 measures memory through 150,000 registrations at the highest rate that passed.
const soakRate = Number(process.env.SOAK_RATE ?? Math.max(1000, Math.floor(best / 100) * 100));
if (SOAK === 0) {
  await pbx.stop();
  if (profileDir) console.log(`CPU profile in ${profileDir}`);
  process.exit(0);
}
// The steps' completed transactions go first (Timer J), so the peak is that of these 150,000.
await Bun.sleep(35_000);
const beforeSoak = rssMb(pbx.pid);
const soak = await load(soakRate, SOAK);
await Bun.sleep(60_000); // past Timer J (32 s): completed transactions are gone
const afterSoak = rssMb(pbx.pid);
// "Idle" is read 0.5 s after the extensions were added, garbage of that work included; the
// RSS before this load (the steps' memory given back) is the fairer base to come back to.
console.log(
  `after ${soak.ok} more registrations at ${soakRate}/s (${soak.failed} failed): RSS ${beforeSoak.toFixed(1)} MB before, peak ${soak.peak.toFixed(1)} MB, ${soak.rss.toFixed(1)} MB at the end of the load, ${afterSoak.toFixed(1)} MB 60 s later, ${(afterSoak - beforeSoak).toFixed(1)} MB above before (idle ${idleRss.toFixed(1)} MB)`,
);
await pbx.stop();
