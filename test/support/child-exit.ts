// Ending a child process without trusting the runtime's exit watch alone. Bun watches a child
// through a pidfd registered with epoll; when that registration fails, `kill()` silently sends
// nothing and `exited` never settles (or throws EBADF). Signals here go by pid, and the exit is
// read from /proc as well, so a stop always ends within its bound.

import { readFileSync } from "node:fs";
import type { Subprocess } from "bun";

/** Bun's own word on the child: its exit code, 128 + n for signal n, or null while unknown. */
function reportedCode(child: Subprocess): number | null {
  if (child.exitCode !== null) return child.exitCode;
  return child.signalCode !== null ? 128 : null;
}

/** The kernel's word: the process has ended (a zombie not yet reaped counts). */
function ended(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The state follows the command name in parentheses, which may itself hold spaces.
    const state = stat.charAt(stat.lastIndexOf(")") + 2);
    return state === "Z" || state === "X";
  } catch {
    return true;
  }
}

/** Sends `signal` by pid; false when the process is gone. */
export function signalChild(child: Subprocess, signal: NodeJS.Signals): boolean {
  if (reportedCode(child) !== null || ended(child.pid)) return false;
  try {
    process.kill(child.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Waits up to `boundMs` for the child to exit: its exit code, or null if it still runs. */
export async function waitExit(child: Subprocess, boundMs: number): Promise<number | null> {
  const deadline = Date.now() + boundMs;
  let endedAt: number | null = null;
  for (;;) {
    const code = reportedCode(child);
    if (code !== null) return code;
    // Ended, but Bun has not said so: give its exit watch a second, then take the kernel's word.
    if (endedAt === null && ended(child.pid)) endedAt = Date.now();
    if (endedAt !== null && Date.now() - endedAt > 1000) return 128;
    if (endedAt === null && Date.now() > deadline) return null;
    await Bun.sleep(20);
  }
}

/** SIGTERM, then SIGKILL after `graceMs`: the exit code, or null if SIGTERM was not enough. */
export async function terminate(child: Subprocess, graceMs: number): Promise<number | null> {
  signalChild(child, "SIGTERM");
  const code = await waitExit(child, graceMs);
  if (code !== null) return code;
  signalChild(child, "SIGKILL");
  await waitExit(child, 5_000);
  return null;
}
