// Boots the real appliance program (firmware/main.ts, or a built binary) on the simulated
// board, in a fresh data directory on free ports, as end-to-end tests need it.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectOutput } from "./child-output.ts";
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
  stop(): Promise<number>;
}

export interface StartOptions {
  /** Command to run instead of `bun firmware/main.ts` (e.g. a compiled binary). */
  command?: string[];
  env?: Record<string, string>;
  dataDir?: string;
  timeoutMs?: number;
}

const ROOT = join(import.meta.dir, "..", "..");

export async function startPbx(options: StartOptions = {}): Promise<RunningPbx> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "pbx-test-"));
  const sip = await freePort();
  const rtpMin = await freePort();
  const ports: PbxPorts = {
    sip,
    sipTls: await freePort(),
    sipWs: await freePort(),
    http: await freePort(),
    https: await freePort(),
    ldap: await freePort(),
    rtpMin,
    rtpMax: rtpMin + 199,
  };
  const adminPassword = `Adm1n-${crypto.randomUUID().slice(0, 8)}`;
  const args = [
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
  const command = options.command ?? [process.execPath, join(ROOT, "firmware", "main.ts")];
  const child = Bun.spawn([...command, ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      // As the board's service file runs it (rootfs/etc/systemd/system/pbx.service).
      MIMALLOC_PURGE_DELAY: "0",
      PBX_ADMIN_PASSWORD: adminPassword,
      PBX_LOG_LEVEL: "info",
      ...options.env,
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  const printed = collectOutput(child.stdout, child.stderr);

  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`pbx exited with ${child.exitCode}:\n${printed.text()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${ports.http}/api/v1/health`, {
        redirect: "manual",
      });
      if (response.status === 200) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`pbx did not start:\n${printed.text()}`);
    }
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
    async stop() {
      child.kill("SIGTERM");
      const code = await child.exited;
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
