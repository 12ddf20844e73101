// The soak run of calls.ts (issue 16: no growth over 30 minutes of registrations and calls at
// half the peak rates): SIPp registers the callers' extensions with digest at one rate while
// other SIPp instances place 1 s calls (digest on every INVITE) at another, both for the whole
// run. Prints the box's RSS and CPU each minute, then what completed and how RSS moved after
// the first minutes (a least-squares slope: MB per 10 minutes).
//
//   PHASES=soak SOAK_MIN=30 bash test/bench/calls.sh
//     (by default half of issue 16's target peaks: 4,300 REGISTER/s and 350 calls/s)

import { writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { freePort } from "../support/free-port.ts";
import { run } from "../support/peers.ts";
import {
  cpuSeconds,
  machineCpuTicks,
  mainThreadCpuSeconds,
  rssMb,
  udpReceiveBufferDrops,
} from "./proc-stats.ts";
import { rateArgs, SCENARIOS, sippCount } from "./sipp-bench-caller.ts";

export interface SoakRunContext {
  sipp: string;
  boxPid: number;
  sipPort: number;
  dir: string;
  /** Extensions 3000.. with passwords Bench-<n>x. */
  callers: number;
  /**
   * Writes SIPp's caller injection file of `count` lines (media port 9: no RTP); SIPp reads a
   * sequential file round and round.
   */
  callerFile(count: number): string;
  /** Starts the SIPp callee (registered earlier), its injection file `count` lines. */
  startCallee(count: number): { kill(): void; exited: Promise<number> };
  /** Runs SIPp as the callers with these extra arguments. */
  caller(args: string[], timeoutMs: number): Promise<{ stdout: string }>;
}

/** Minutes at the start left out of the growth figure: caches and pools fill first. */
const WARM_UP_MIN = 3;

export async function soakRun(ctx: SoakRunContext): Promise<void> {
  const minutes = Number(process.env.SOAK_MIN ?? 30);
  const registerRate = Number(process.env.SOAK_REGISTER_RATE ?? 4300);
  const callRate = Number(process.env.SOAK_CALL_RATE ?? 350);
  const seconds = minutes * 60;
  const registrations = registerRate * seconds;
  const calls = callRate * seconds;

  // The callers register from this SIPp (the callee stays registered by calls.ts for the run).
  const registerPort = await freePort();
  const users = join(ctx.dir, "soak-users.csv");
  const lines = ["SEQUENTIAL"];
  for (let n = 3000; n < 3000 + ctx.callers; n++)
    lines.push(`${n};[authentication username=${n} password=Bench-${n}x];${registerPort};120`);
  writeFileSync(users, `${lines.join("\n")}\n`);

  console.log(
    `\nsoak: ${minutes} min of ${registerRate} REGISTER/s and ${callRate} calls/s (1 s each)`,
  );
  // Machine CPU counts SIPp too (out of 100 % per core); UDP drops are datagrams any socket on
  // the machine (the box's or SIPp's) had no room for: either says the machine, not the box's
  // memory, is what limits the run.
  console.log(
    "minute  box RSS MB  box CPU %  main thread %  machine CPU %  UDP drops  load average",
  );
  const callee = ctx.startCallee(ctx.callers);
  await Bun.sleep(300);
  const startRss = rssMb(ctx.boxPid);
  const registering = run(
    [
      ctx.sipp,
      `127.0.0.1:${ctx.sipPort}`,
      "-sf",
      join(SCENARIOS, "register-many.xml"),
      "-inf",
      users,
      "-i",
      "127.0.0.1",
      "-p",
      String(registerPort),
      "-t",
      "u1",
      "-r",
      String(registerRate),
      "-m",
      String(registrations),
      "-l",
      String(registerRate),
      "-nostdin",
      "-timeout",
      `${seconds + 120}s`,
      "-max_socket",
      "1024",
      "-recv_timeout",
      "5000",
    ],
    { cwd: ctx.dir, timeoutMs: (seconds + 180) * 1000 },
  );
  const calling = ctx.caller(
    await rateArgs(ctx.callerFile(ctx.callers), callRate, calls, seconds),
    (seconds + 180) * 1000,
  );

  const samples: { minute: number; rss: number }[] = [];
  let cpuBefore = cpuSeconds(ctx.boxPid);
  let mainBefore = mainThreadCpuSeconds(ctx.boxPid);
  let machineBefore = machineCpuTicks();
  let dropsBefore = udpReceiveBufferDrops();
  const cores = availableParallelism();
  for (let minute = 1; minute <= minutes; minute++) {
    await Bun.sleep(60_000);
    const cpu = cpuSeconds(ctx.boxPid);
    const main = mainThreadCpuSeconds(ctx.boxPid);
    const rss = rssMb(ctx.boxPid);
    const machine = machineCpuTicks();
    const drops = udpReceiveBufferDrops();
    const machinePercent =
      ((machine.busy - machineBefore.busy) / (machine.total - machineBefore.total)) * 100 * cores;
    samples.push({ minute, rss });
    console.log(
      `${String(minute).padStart(6)}  ${rss.toFixed(1).padStart(10)}  ${(((cpu - cpuBefore) / 60) * 100).toFixed(0).padStart(9)}  ${(((main - mainBefore) / 60) * 100).toFixed(0).padStart(13)}  ${machinePercent.toFixed(0).padStart(13)}  ${String(drops - dropsBefore).padStart(9)}  ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    cpuBefore = cpu;
    mainBefore = main;
    machineBefore = machine;
    dropsBefore = drops;
  }
  const [registered, called] = await Promise.all([registering, calling]);
  callee.kill();
  await callee.exited;

  const regOk = sippCount(registered.stdout, "Successful call");
  const callOk = sippCount(called.stdout, "Successful call");
  console.log(
    `registrations: ${regOk} of ${registrations} (${registrations - regOk} failed or unfinished); calls: ${callOk} of ${calls} (${calls - callOk})`,
  );
  const steady = samples.filter((s) => s.minute > WARM_UP_MIN);
  const rssValues = steady.map((s) => s.rss);
  console.log(
    `RSS: ${startRss.toFixed(1)} MB before; after minute ${WARM_UP_MIN}: ${Math.min(...rssValues).toFixed(1)}-${Math.max(...rssValues).toFixed(1)} MB, slope ${(slopePerMinute(steady) * 10).toFixed(2)} MB per 10 min`,
  );
}

/** Least-squares slope of RSS over minutes. */
function slopePerMinute(samples: { minute: number; rss: number }[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.minute, 0) / n;
  const my = samples.reduce((a, s) => a + s.rss, 0) / n;
  let num = 0;
  let den = 0;
  for (const s of samples) {
    num += (s.minute - mx) * (s.rss - my);
    den += (s.minute - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
