// Boots the real appliance program (firmware/main.ts, or a built binary) on the simulated
// board, in a fresh data directory on free ports, as end-to-end tests need it.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signalChild, waitExit } from "./child-exit.ts";
import { childOutput } from "./child-output.ts";
import { freePort } from "./free-port.ts";

export interface PbxPorts {
  sip: number;
  sipTls: number;
  sipWs: number;
  http: number;
  https: number;
  ldap: number;
  rtpMin: number;
  rtpMax: number;
}

export interface RunningPbx {
  pid: number;
  ports: PbxPorts;
  dataDir: string;
  adminPassword: string;
  /** Everything the program printed so far. */
  output(): string;
  /** Logs in as admin and returns a bearer token. */
  adminToken(): Promise<string>;
  api(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  /** Waits up to `boundMs` for the box to exit by itself: its exit code, or null. */
  exited(boundMs: number): Promise<number | null>;
  stop(): Promise<number>;
}

export interface StartOptions {
  /** Command to run instead of `bun firmware/main.ts` (e.g. a compiled binary). */
  command?: string[];
  env?: Record<string, string>;
  dataDir?: string;
  timeoutMs?: number;
  /** RTP ports for the box (two per relayed call); 200 unless a test needs more. */
  rtpPortCount?: number;
  /** The first admin's password (a restarted box keeps its earlier one); random unless given. */
  adminPassword?: string;
}

const ROOT = join(import.meta.dir, "..", "..");
/**
 * How long a test's setup may take to boot the box (and a browser beside it) on the 2-core
 * machine shared with other builds: a bound on waits for conditions, never a sleep.
 */
export const SETUP_BOUND_MS = 90_000;
/** How long a stopped box may take to exit: its own stop watchdog fires at 10 s. */
const STOP_BOUND_MS = 20_000;
/** How the box is run unless a test says otherwise. */
export const PBX_COMMAND = [process.execPath, join(ROOT, "firmware", "main.ts")];

/** The environment the board's service file gives the box (rootfs/etc/systemd/system/pbx.service). */
export const SERVICE_ENVIRONMENT = {
  MIMALLOC_PURGE_DELAY: "0",
  BUN_JSC_forceRAMSize: "1073741824",
} as const;

/** Free ports for one box, all different; its whole RTP range is free when chosen. */
export async function pbxPorts(rtpPortCount = 200): Promise<PbxPorts> {
  const rtpMin = await freePort(rtpPortCount);
  return {
    sip: await freePort(),
    sipTls: await freePort(),
    sipWs: await freePort(),
    http: await freePort(),
    https: await freePort(),
    ldap: await freePort(),
    rtpMin,
    rtpMax: rtpMin + rtpPortCount - 1,
  };
}

/** The command-line flags that put a box on `ports` with its data in `dataDir`. */
export function pbxArgs(ports: PbxPorts, dataDir: string): string[] {
  return [
    "--data",
    dataDir,
    "--bind",
    "127.0.0.1",
    "--advertise",
    "127.0.0.1",
    "--sip-port",
    String(ports.sip),
    "--sip-tls-port",
    String(ports.sipTls),
    "--sip-ws-port",
    String(ports.sipWs),
    "--http-port",
    String(ports.http),
    "--https-port",
    String(ports.https),
    "--ldap-port",
    String(ports.ldap),
    "--rtp-ports",
    `${ports.rtpMin}-${ports.rtpMax}`,
  ];
}

export interface ExitedPbx {
  code: number;
  stdout: string;
  stderr: string;
  /** It had not exited by itself when the time ran out, and was killed. */
  timedOut: boolean;
}

/** Runs the box until it exits by itself (a start-up failure); kills it after `timeoutMs`. */
export async function runPbxToExit(
  command: string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ExitedPbx> {
  const printed = childOutput("pbx");
  const child = Bun.spawn(command, {
    cwd: ROOT,
    env: { ...process.env, PBX_LOG_LEVEL: "info", ...options.env },
    stdout: printed.stdout,
    stderr: printed.stderr,
    stdin: "ignore",
  });
  let code = await waitExit(child, options.timeoutMs ?? 20_000);
  const timedOut = code === null;
  if (code === null) {
    signalChild(child, "SIGKILL");
    code = (await waitExit(child, 5_000)) ?? -1;
  }
  const [stdout, stderr] = [printed.out(), printed.err()];
  return { code, stdout, stderr, timedOut };
}

/**
 * Starts a box on fresh ports. Another program on the machine may still take a port between
 * the check and the box binding it; the box then refuses to start, naming the port, and is
 * started again on other ports.
 */
export async function startPbx(options: StartOptions = {}): Promise<RunningPbx> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPbxOnce(options);
    } catch (error) {
      const portTaken = String(error).includes("is in use by another program");
      if (!portTaken || attempt >= 3) throw error;
    }
  }
}

async function startPbxOnce(options: StartOptions): Promise<RunningPbx> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "pbx-test-"));
  const ports = await pbxPorts(options.rtpPortCount);
  const adminPassword = options.adminPassword ?? `Adm1n-${crypto.randomUUID().slice(0, 8)}`;
  const args = pbxArgs(ports, dataDir);
  const command = options.command ?? PBX_COMMAND;
  const printed = childOutput("pbx");
  const child = Bun.spawn([...command, ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...SERVICE_ENVIRONMENT,
      PBX_ADMIN_PASSWORD: adminPassword,
      PBX_LOG_LEVEL: "info",
      ...options.env,
    },
    stdin: "ignore",
    stdout: printed.stdout,
    stderr: printed.stderr,
  });

  // A box that did not come up leaves no data directory behind (unless the test gave one).
  const failed = async (message: string) => {
    signalChild(child, "SIGKILL");
    await waitExit(child, 5_000);
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    return new Error(`${message}:\n${printed.text()}`);
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw await failed(`pbx exited with ${child.exitCode}`);
    try {
      // Bounded: a request that never settles must not outlast the start's deadline.
      const response = await fetch(`http://127.0.0.1:${ports.http}/api/v1/health`, {
        redirect: "manual",
        signal: AbortSignal.timeout(2000),
      });
      if (response.status === 200) break;
    } catch {}
    if (Date.now() > deadline) throw await failed("pbx did not start");
    await Bun.sleep(50);
  }

  const api: RunningPbx["api"] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set("authorization", `Bearer ${init.token}`);
    if (init.body && !headers.has("content-type")) headers.set("content-type", "application/json");
    return fetch(`https://127.0.0.1:${ports.https}${path}`, {
      ...init,
      headers,
      tls: { rejectUnauthorized: false },
    });
  };
  return {
    pid: child.pid,
    ports,
    dataDir,
    adminPassword,
    output: () => printed.text(),
    api,
    async adminToken() {
      const response = await api("/api/v1/auth/login", {
        method: "POST",
        body: JSON.stringify({ username: "admin", password: adminPassword }),
      });
      const body = (await response.json()) as { token?: string };
      if (!body.token)
        throw new Error(`admin login failed: ${response.status} ${JSON.stringify(body)}`);
      return body.token;
    },
    exited: (boundMs) => waitExit(child, boundMs),
    async stop() {
      // The box exits by itself 10 s after a stop at the latest; one still running after
      // STOP_BOUND_MS is a defect, reported with what its threads were doing.
      signalChild(child, "SIGTERM");
      const code = await waitExit(child, STOP_BOUND_MS);
      if (code === null) {
        const threads = threadStates(child.pid);
        signalChild(child, "SIGKILL");
        await waitExit(child, 5_000);
        if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
        throw new Error(
          `pbx ${child.pid} still running ${STOP_BOUND_MS} ms after SIGTERM; its threads:\n${threads}\n--- its output:\n${printed.text().slice(-8000)}`,
        );
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Each thread of `pid`: name, state and the kernel function it waits in (Linux /proc). */
function threadStates(pid: number): string {
  try {
    return readdirSync(`/proc/${pid}/task`)
      .map((tid) => {
        const at = `/proc/${pid}/task/${tid}`;
        const read = (f: string) => {
          try {
            return readFileSync(`${at}/${f}`, "utf8").trim();
          } catch {
            return "?";
          }
        };
        const state = /State:\s*(.*)/.exec(read("status"))?.[1] ?? "?";
        return `${tid} ${read("comm")} ${state} wchan=${read("wchan")}`;
      })
      .join("\n");
  } catch (error) {
    return String(error);
  }
}
