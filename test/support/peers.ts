// The real peers the interop tests talk to (SIPp, baresip, ...). Under CI a missing peer is a
// failure, never a silent skip; on a developer's machine the test says what to install.

import { signalChild, waitExit } from "./child-exit.ts";
import { childOutput } from "./child-output.ts";

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
  const printed = childOutput("run");
  const child = Bun.spawn(argv, {
    cwd: options.cwd,
    stdout: printed.stdout,
    stderr: printed.stderr,
    stdin: "ignore",
  });
  const timeoutMs = options.timeoutMs ?? 30_000;
  let code = await waitExit(child, timeoutMs);
  if (code === null) {
    signalChild(child, "SIGKILL");
    code = (await waitExit(child, 5_000)) ?? -1;
  }
  return { code, stdout: printed.out(), stderr: printed.err() };
}
