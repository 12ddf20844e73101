// Calls through the box (issue 3 "Proof"): SIPp beside the box places calls from 200
// extensions, each INVITE digest-authenticated, to a SIPp callee registered as an extension.
//  1. Calls per second: rising offered rates, 1 s calls, until more than 0.1% fail.
//  2. Concurrent relayed calls: N calls held open, then G.711 RTP (20 ms, both directions)
//     from this script's generator on the ports the SDPs name; loss counted per packet by a
//     tick number in the payload; box CPU per relayed packet, RSS per call.
//  3. Trunk: calls per second out through a peer trunk to a SIPp carrier (trunk-rate.ts).
//  4. Soak (only when PHASES names it): registrations and calls together for SOAK_MIN minutes,
//     RSS each minute (soak.ts).
// Prints a table per phase and the load average. Bounded: a few minutes.
//
//   bash test/bench/calls.sh      (RATES=200,400,... CONCURRENT=200,400,... to override)
//   PHASES=trunk TRUNK_RATE=50 TRUNK_SECONDS=8 bash test/bench/calls.sh   (one phase only)
//   PROFILE=<dir> writes the box's CPU profile there; SETTLE_S=0 skips the 40 s after the rates.

import { mkdtempSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { childOutput } from "../support/child-output.ts";
import { freePort } from "../support/free-port.ts";
import { SERVICE_ENVIRONMENT } from "../support/pbx-process.ts";
import { requirePeer, run } from "../support/peers.ts";
import { cpuSeconds, mainThreadCpuSeconds, rssMb } from "./proc-stats.ts";
import { benchCallerBase, rateArgs, SCENARIOS, sippCount } from "./sipp-bench-caller.ts";
import { soakRun } from "./soak.ts";
import { trunkRun } from "./trunk-rate.ts";

const CALLERS = 200;
// Not 9xxx: numbers starting with the outbound prefix 9 belong to outside lines.
const CALLEE = "7000";
const RTP_BASE = Number(process.env.RTP_BASE ?? 50_000);
const PHASES = new Set((process.env.PHASES ?? "rate,concurrent,trunk").split(","));

interface Leg {
  /** Generator port (what the phone's SDP named) and the box's port it sends to. */
  own: number;
  box: number;
}

if (!isMainThread) await generatorWorker();
else await main();

/** One generator thread: a socket per leg, a packet per leg every 20 ms, counts by tick. */
async function generatorWorker(): Promise<void> {
  const legs = workerData.legs as Leg[];
  const counts = { sent: 0, received: 0, windowSent: 0, windowReceived: 0 };
  let window: [number, number] = [Number.MAX_SAFE_INTEGER, 0];
  let tick = 0;
  const sockets = await Promise.all(
    legs.map((leg) =>
      Bun.udpSocket({
        hostname: "127.0.0.1",
        port: leg.own,
        socket: {
          data(_s, data) {
            counts.received++;
            const t = data.readUInt32BE(12);
            if (t >= window[0] && t < window[1]) counts.windowReceived++;
          },
        },
      }),
    ),
  );
  const packet = Buffer.alloc(172);
  packet[0] = 0x80;
  packet[1] = 8;
  const timer = setInterval(() => {
    tick++;
    packet.writeUInt16BE(tick & 0xffff, 2);
    packet.writeUInt32BE((tick * 160) >>> 0, 4);
    packet.writeUInt32BE(tick, 12);
    for (let i = 0; i < sockets.length; i++) {
      packet.writeUInt32BE(legs[i]!.own, 8);
      sockets[i]!.send(packet, legs[i]!.box, "127.0.0.1");
      counts.sent++;
      if (tick >= window[0] && tick < window[1]) counts.windowSent++;
    }
  }, 20);
  parentPort!.on("message", (message: { op: string; ticks?: number }) => {
    if (message.op === "window") {
      window = [tick + 1, tick + 1 + message.ticks!];
      counts.windowSent = 0;
      counts.windowReceived = 0;
    } else if (message.op === "counts") {
      parentPort!.postMessage({ ...counts, tick, window });
    } else if (message.op === "stop") {
      clearInterval(timer);
      for (const s of sockets) s.close();
      parentPort!.postMessage({ ...counts });
    }
  });
  parentPort!.postMessage({ ready: true });
}

async function main(): Promise<void> {
  const sippBinary = requirePeer("sipp", "sip-tester");
  const ROOT = join(import.meta.dir, "..", "..");
  const dir = mkdtempSync(join(tmpdir(), "bench-calls-"));
  const ports = { sip: await freePort(), tls: await freePort(), ws: await freePort() };
  const http = await freePort();
  const https = await freePort();
  const adminPassword = "Bench-admin-1";
  // The box, with an RTP range for 2,500 calls (startPbx gives tests a small one), below the
  // ports freePort hands out so the SIP port never falls inside it.
  const output = childOutput("pbx");
  const box = Bun.spawn(
    [
      process.execPath,
      // PROFILE=<dir> writes the box's CPU profile (markdown) there when it stops.
      ...(process.env.PROFILE ? ["--cpu-prof-md", `--cpu-prof-dir=${process.env.PROFILE}`] : []),
      join(ROOT, "firmware", "main.ts"),
      "--data",
      dir,
      "--bind",
      "127.0.0.1",
      "--advertise",
      "127.0.0.1",
      "--sip-port",
      String(ports.sip),
      "--sip-tls-port",
      String(ports.tls),
      "--sip-ws-port",
      String(ports.ws),
      "--http-port",
      String(http),
      "--https-port",
      String(https),
      "--ldap-port",
      String(await freePort()),
      "--rtp-ports",
      "10000-19999",
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...SERVICE_ENVIRONMENT,
        PBX_ADMIN_PASSWORD: adminPassword,
        PBX_LOG_LEVEL: "warn",
      },
      stdout: output.stdout,
      stderr: output.stderr,
    },
  );
  const children: { kill(): void }[] = [];
  process.on("exit", () => {
    for (const child of children) child.kill();
    box.kill("SIGKILL");
  });
  const api = (path: string, init: RequestInit & { token?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set("authorization", `Bearer ${init.token}`);
    if (init.body) headers.set("content-type", "application/json");
    return fetch(`https://127.0.0.1:${https}${path}`, {
      ...init,
      headers,
      tls: { rejectUnauthorized: false },
    });
  };
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${http}/api/v1/health`)).status === 200) break;
    } catch {}
    if (i > 400) throw new Error(`box did not start:\n${output.text()}`);
    await Bun.sleep(50);
  }
  const login = await api("/api/v1/auth/login", {
    method: "POST",
    body: JSON.stringify({ username: "admin", password: adminPassword }),
  });
  const token = ((await login.json()) as { token: string }).token;
  const extension = async (number: string, extra: object = {}) => {
    const r = await api("/api/v1/extensions", {
      method: "POST",
      token,
      body: JSON.stringify({
        number,
        sipPassword: `Bench-${number}x`,
        codecs: ["PCMA", "PCMU"],
        ...extra,
      }),
    });
    if (r.status !== 201) throw new Error(`extension ${number}: ${r.status} ${await r.text()}`);
  };
  for (let n = 0; n < CALLERS; n++) await extension(String(3000 + n));
  // A day's registration, so the callee stays reachable through a long soak.
  await extension(CALLEE, { registrationExpiryS: 86_400 });

  // The callee: registered from the port its SIPp server then listens on.
  const uasPort = await freePort();
  const calleeLine = join(dir, "callee-registration.csv");
  writeFileSync(
    calleeLine,
    `SEQUENTIAL\n${CALLEE};[authentication username=${CALLEE} password=Bench-${CALLEE}x];${uasPort};86400\n`,
  );
  const registered = await run([
    sippBinary,
    `127.0.0.1:${ports.sip}`,
    "-sf",
    join(SCENARIOS, "register-many.xml"),
    "-inf",
    calleeLine,
    "-i",
    "127.0.0.1",
    "-p",
    String(uasPort),
    "-m",
    "1",
    "-nostdin",
  ]);
  if (registered.code !== 0) throw new Error(`callee registration failed\n${registered.stdout}`);

  const callerFile = (mediaPort: (i: number) => number, count: number) => {
    const lines = ["SEQUENTIAL"];
    for (let i = 0; i < count; i++) {
      const n = 3000 + (i % CALLERS);
      lines.push(`${n};[authentication username=${n} password=Bench-${n}x];${mediaPort(i)}`);
    }
    const path = join(dir, `callers-${count}-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(path, `${lines.join("\n")}\n`);
    return path;
  };
  const calleeFile = (mediaPort: (i: number) => number, count: number) => {
    const lines = ["SEQUENTIAL"];
    for (let i = 0; i < count; i++) lines.push(String(mediaPort(i)));
    const path = join(dir, `callee-${count}-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(path, `${lines.join("\n")}\n`);
    return path;
  };
  const startCallee = (injection: string) => {
    const child = Bun.spawn(
      [
        sippBinary,
        `127.0.0.1:${ports.sip}`,
        "-sf",
        join(SCENARIOS, "call-bench-uas.xml"),
        "-inf",
        injection,
        "-i",
        "127.0.0.1",
        "-p",
        String(uasPort),
        "-s",
        CALLEE,
        "-nostdin",
      ],
      { stdout: "ignore", stderr: "ignore", cwd: dir },
    );
    children.push(child);
    return child;
  };
  const caller = (args: string[], timeoutMs: number) =>
    run([...benchCallerBase(sippBinary, ports.sip, CALLEE), ...args], { cwd: dir, timeoutMs });

  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  const idleRss = rssMb(box.pid);
  console.log(`box idle RSS: ${idleRss.toFixed(1)} MB`);

  if (PHASES.has("rate")) await ratePhase();
  if (PHASES.has("concurrent")) await concurrentPhase();
  if (PHASES.has("trunk")) {
    const rate = Number(process.env.TRUNK_RATE ?? 50);
    const seconds = Number(process.env.TRUNK_SECONDS ?? 8);
    await trunkRun(
      {
        sipp: sippBinary,
        boxPid: box.pid,
        sipPort: ports.sip,
        dir,
        callers: CALLERS,
        token,
        api,
        children,
      },
      rate,
      seconds,
    );
  }
  if (PHASES.has("soak")) {
    await soakRun({
      sipp: sippBinary,
      boxPid: box.pid,
      sipPort: ports.sip,
      dir,
      callers: CALLERS,
      callerFile: (count) => callerFile(() => 9, count),
      startCallee: (count) => startCallee(calleeFile(() => 9, count)),
      caller,
    });
  }
  console.log(
    `load average at end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  box.kill("SIGTERM");
  await box.exited;

  // --- 1. calls per second -------------------------------------------------------------------
  async function ratePhase(): Promise<void> {
    const STEP_S = 8;
    const rates = (process.env.RATES ?? "100,200,400,600,700,800,1000").split(",").map(Number);
    // CPU ms per call: the box's CPU time (all threads) over the calls that completed; it
    // moves less than calls/s with what else the machine runs.
    // Main %: the box's main thread alone, which carries all signalling; near 100 it is the
    // limit.
    console.log(
      "\ncalls/s offered  answered/s  failed  box CPU %  main %  CPU ms/call  box RSS MB",
    );
    let bestRate = 0;
    for (const rate of rates) {
      const total = rate * STEP_S;
      const callee = startCallee(calleeFile(() => 9, total));
      await Bun.sleep(300);
      const cpuBefore = cpuSeconds(box.pid);
      const mainBefore = mainThreadCpuSeconds(box.pid);
      const started = performance.now();
      const result = await caller(
        await rateArgs(
          callerFile(() => 9, total),
          rate,
          total,
          STEP_S,
        ),
        STEP_S * 6000,
      );
      const seconds = (performance.now() - started) / 1000;
      const cpu = cpuSeconds(box.pid) - cpuBefore;
      const cpuPct = (cpu / seconds) * 100;
      const mainPct = ((mainThreadCpuSeconds(box.pid) - mainBefore) / seconds) * 100;
      callee.kill();
      await callee.exited;
      const ok = sippCount(result.stdout, "Successful call");
      // Calls that never completed (timed out, aborted) count as failed.
      const failed = total - ok;
      const failPct = (100 * failed) / total;
      if (process.env.DEBUG)
        console.log(result.stdout.slice(0, 3000), result.stderr.slice(0, 2000));
      console.log(
        `${String(rate).padStart(15)}  ${(ok / seconds).toFixed(0).padStart(10)}  ${String(failed).padStart(6)}  ${cpuPct.toFixed(0).padStart(9)}  ${mainPct.toFixed(0).padStart(6)}  ${((cpu * 1000) / Math.max(1, ok)).toFixed(2).padStart(11)}  ${rssMb(box.pid).toFixed(1).padStart(10)}`,
      );
      if (failPct < 0.1) bestRate = rate;
      else break;
      await Bun.sleep(2500);
    }
    console.log(`highest offered rate with < 0.1% failed calls: ${bestRate} calls/s`);
    // Past Timer L/J (32 s): what the finished calls left behind (SETTLE_S=0 skips the wait).
    const settleS = Number(process.env.SETTLE_S ?? 40);
    await Bun.sleep(settleS * 1000);
    const active = (await (await api("/api/v1/calls", { token })).json()) as { items: unknown[] };
    console.log(
      `${settleS} s after the load: ${active.items.length} calls still listed, box RSS ${rssMb(box.pid).toFixed(1)} MB`,
    );
    if (process.env.DEBUG) console.log(JSON.stringify(active.items.slice(0, 3), null, 1));
  }

  // --- 2. concurrent relayed calls -------------------------------------------------------------
  async function concurrentPhase(): Promise<void> {
    const steps = (process.env.CONCURRENT ?? "200,400,800,1200")
      .split(",")
      .map(Number)
      .filter((n) => n > 0);
    console.log(
      "\nconcurrent  RTP pkts/s relayed  loss %   box CPU %  CPU us/pkt  RSS MB  RSS MB/call",
    );
    let bestConcurrent = 0;
    for (const n of steps) {
      const callerPort = (i: number) => RTP_BASE + 2 * i;
      const calleePort = (i: number) => RTP_BASE + 2 * i + 1;
      const callee = startCallee(calleeFile(calleePort, n));
      await Bun.sleep(300);
      const rssBefore = rssMb(box.pid);
      const placing = caller(
        [
          "-inf",
          callerFile(callerPort, n),
          "-p",
          String(await freePort()),
          "-r",
          "300",
          "-m",
          String(n),
          "-l",
          String(n),
          // Long enough to cover set-up, settling and the 8 s window; SIPp then hangs up.
          "-d",
          String(Math.ceil(n / 300) * 1000 + 16_000),
          "-timeout",
          "120s",
        ],
        150_000,
      );
      let established = 0;
      for (let wait = 0; wait < 120 && established < n; wait++) {
        await Bun.sleep(500);
        const calls = (await (await api("/api/v1/calls", { token })).json()) as {
          items: { state: string }[];
        };
        established = calls.items.filter((c) => c.state === "answered").length;
      }
      const calls = (await (await api("/api/v1/calls", { token })).json()) as {
        items: { state: string; legs: { media?: { localPort: number; remote?: string } }[] }[];
      };
      const legs: Leg[] = [];
      for (const call of calls.items) {
        for (const leg of call.legs) {
          const remote = Number(leg.media?.remote?.split(":")[1]);
          if (leg.media && remote >= RTP_BASE) legs.push({ own: remote, box: leg.media.localPort });
        }
      }
      const rssWithCalls = rssMb(box.pid);
      const half = Math.ceil(legs.length / 2);
      const workers = [legs.slice(0, half), legs.slice(half)].map(
        (part) => new Worker(new URL(import.meta.url), { workerData: { legs: part } }),
      );
      await Promise.all(workers.map((w) => new Promise((r) => w.once("message", r))));
      const ask = (op: string, extra: Record<string, unknown> = {}) =>
        Promise.all(
          workers.map(
            (w) =>
              new Promise<{ windowSent: number; windowReceived: number }>((resolve) => {
                w.once("message", resolve);
                w.postMessage({ op, ...extra });
              }),
          ),
        );
      await Bun.sleep(2000); // the relay latches, streams settle
      const WINDOW_TICKS = 400; // 8 s
      for (const w of workers) w.postMessage({ op: "window", ticks: WINDOW_TICKS });
      const cpuBefore = cpuSeconds(box.pid);
      const t0 = performance.now();
      await Bun.sleep(WINDOW_TICKS * 20);
      const cpu = cpuSeconds(box.pid) - cpuBefore;
      const seconds = (performance.now() - t0) / 1000;
      await Bun.sleep(500);
      const counts = await ask("counts");
      const sent = counts.reduce((a, c) => a + c.windowSent, 0);
      const received = counts.reduce((a, c) => a + c.windowReceived, 0);
      await ask("stop");
      for (const w of workers) void w.terminate();
      const lossPct = sent > 0 ? (100 * (sent - received)) / sent : 100;
      console.log(
        `${String(established).padStart(10)}  ${(sent / seconds).toFixed(0).padStart(17)}  ${lossPct.toFixed(3).padStart(6)}  ${((cpu / seconds) * 100).toFixed(0).padStart(10)}  ${((cpu * 1e6) / Math.max(1, sent)).toFixed(1).padStart(10)}  ${rssWithCalls.toFixed(0).padStart(6)}  ${((rssWithCalls - rssBefore) / Math.max(1, established)).toFixed(3).padStart(11)}`,
      );
      await placing;
      callee.kill();
      if (established >= n && lossPct < 0.1) bestConcurrent = n;
      await Bun.sleep(2000);
      if (lossPct >= 0.1 || established < n) break;
    }
    console.log(`most concurrent relayed calls with < 0.1% loss: ${bestConcurrent}`);
  }
}
