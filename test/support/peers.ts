// The real peers the interop tests talk to (SIPp, baresip, ...). Under CI a missing peer is a
// failure, never a silent skip; on a developer's machine the test says what to install.

import { signalChild, waitExit } from "./child-exit.ts";

export function requirePeer(command: string, debianPackage: string): string {
  const path = Bun.which(command);
  if (!path) throw new Error(`${command} is not installed: apt-get install ${debianPackage}`);
  return path;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a peer to completion (bounded by timeoutMs) and returns its exit code and output. */
export async function run(
  argv: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<Run> {
  const child = Bun.spawn(argv, {
    cwd: options.cwd,
    stdout: "pipe",
    stderr: "pipe",
    stdin: "ignore",
  });
  const timer = setTimeout(() => signalChild(child, "SIGKILL"), options.timeoutMs ?? 30_000);
  const [stdout, stderr] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  const code = (await waitExit(child, 5_000)) ?? -1;
  clearTimeout(timer);
  return { code, stdout, stderr };
}
