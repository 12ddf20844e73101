// Runs SIPp scenarios from test/interop/sipp against the box.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "./free-port.ts";
import { type Run, requirePeer, run } from "./peers.ts";
import { removeTempDir, tempDir } from "./temp-dir.ts";

const SCENARIOS = join(import.meta.dir, "..", "interop", "sipp");

export interface SippOptions {
  scenario: string;
  target: number;
  transport?: "u1" | "t1" | "un";
  service?: string;
  user?: string;
  password?: string;
  calls?: number;
  rate?: number;
  extra?: string[];
  timeoutMs?: number;
  /** The loopback address SIPp sends from (a peer trunk's host), default 127.0.0.1. */
  localIp?: string;
  /** Files written into SIPp's working directory first (pcaps a scenario names by file name). */
  files?: Record<string, Uint8Array>;
}

export async function sipp(options: SippOptions): Promise<Run & { errors: string }> {
  const binary = requirePeer("sipp", "sip-tester");
  const dir = tempDir("sipp-");
  for (const [name, bytes] of Object.entries(options.files ?? {}))
    writeFileSync(join(dir, name), bytes);
  const argv = [
    binary,
    `127.0.0.1:${options.target}`,
    "-sf",
    join(SCENARIOS, options.scenario),
    "-i",
    options.localIp ?? "127.0.0.1",
    "-p",
    String(await freePort()),
    "-t",
    options.transport ?? "u1",
    "-m",
    String(options.calls ?? 1),
    "-r",
    String(options.rate ?? 10),
    "-timeout",
    "20s",
    "-timeout_error",
    "-nostdin",
    "-trace_err",
    "-error_file",
    join(dir, "errors.log"),
  ];
  if (options.service) argv.push("-s", options.service);
  if (options.user) argv.push("-au", options.user);
  if (options.password) argv.push("-ap", options.password);
  argv.push(...(options.extra ?? []));
  const result = await run(argv, { cwd: dir, timeoutMs: options.timeoutMs ?? 40_000 });
  const errors = await Bun.file(join(dir, "errors.log"))
    .text()
    .catch(() => "");
  removeTempDir(dir);
  return { ...result, errors };
}
