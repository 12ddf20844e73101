// Calls per second out through a trunk (SPEC ROUTE-1, ROUTE-2), the trunk run of calls.ts:
// SIPp callers are the box's extensions (digest on every INVITE) and dial 9 + a number; the
// outbound route sends each call over a peer trunk to a SIPp UAS playing the carrier, which
// answers at once; each call is held 1 s. The carrier listens on 127.0.0.2 so the box does not
// take the callers (127.0.0.1) for the peer trunk.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../support/free-port.ts";
import { run } from "../support/peers.ts";
import { cpuSeconds, rssMb } from "./proc-stats.ts";
import { benchCallerBase, rateArgs, SCENARIOS, sippCount } from "./sipp-bench-caller.ts";

const CARRIER_ADDRESS = "127.0.0.2";
/** What the callers dial: the outbound prefix 9, then a carrier number. */
const DIALLED = "988001234";

export interface TrunkRunContext {
  sipp: string;
  boxPid: number;
  sipPort: number;
  dir: string;
  /** Extensions 3000.. with passwords Bench-<n>x. */
  callers: number;
  token: string;
  api(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  /** Child processes to kill if the benchmark exits early. */
  children: { kill(): void }[];
}

/** Sets up the trunk and route, then offers `rate` calls/s for `seconds`; prints one row. */
export async function trunkRun(ctx: TrunkRunContext, rate: number, seconds: number) {
  const carrierPort = await freePort();
  const post = async (path: string, body: object) => {
    const res = await ctx.api(path, {
      method: "POST",
      token: ctx.token,
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  await post("/api/v1/trunks", {
    name: "Bench carrier",
    kind: "peer",
    host: CARRIER_ADDRESS,
    port: carrierPort,
    transport: "UDP",
    codecs: ["PCMA", "PCMU"],
  });
  await post("/api/v1/outbound-routes", {
    name: "Bench out",
    prefix: "9",
    patterns: ["X."],
    trunks: ["Bench carrier"],
  });

  const total = rate * seconds;
  const file = (name: string, lines: string[]) => {
    const path = join(ctx.dir, `${name}-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(path, `${["SEQUENTIAL", ...lines].join("\n")}\n`);
    return path;
  };
  const carrier = Bun.spawn(
    [
      ctx.sipp,
      "-sf",
      join(SCENARIOS, "call-bench-uas.xml"),
      "-inf",
      file(
        "carrier",
        Array.from({ length: total }, () => "9"),
      ),
      "-i",
      CARRIER_ADDRESS,
      "-p",
      String(carrierPort),
      "-s",
      "carrier",
      "-nostdin",
    ],
    { stdout: "ignore", stderr: "ignore", cwd: ctx.dir },
  );
  ctx.children.push(carrier);
  await Bun.sleep(300);
  const callers = Array.from({ length: total }, (_, i) => {
    const n = 3000 + (i % ctx.callers);
    return `${n};[authentication username=${n} password=Bench-${n}x];9`;
  });
  const cpuBefore = cpuSeconds(ctx.boxPid);
  const started = performance.now();
  const result = await run(
    [
      ...benchCallerBase(ctx.sipp, ctx.sipPort, DIALLED),
      ...(await rateArgs(file("trunk-callers", callers), rate, total, seconds)),
    ],
    { cwd: ctx.dir, timeoutMs: seconds * 6000 },
  );
  const elapsedS = (performance.now() - started) / 1000;
  const cpuPct = ((cpuSeconds(ctx.boxPid) - cpuBefore) / elapsedS) * 100;
  carrier.kill();
  await carrier.exited;
  const ok = sippCount(result.stdout, "Successful call");
  if (process.env.DEBUG) console.log(result.stdout.slice(0, 3000), result.stderr.slice(0, 2000));
  console.log("\ntrunk: calls/s offered  answered/s  failed  box CPU %  box RSS MB");
  console.log(
    `${String(rate).padStart(22)}  ${(ok / elapsedS).toFixed(0).padStart(10)}  ${String(total - ok).padStart(6)}  ${cpuPct.toFixed(0).padStart(9)}  ${rssMb(ctx.boxPid).toFixed(1).padStart(10)}`,
  );
}
