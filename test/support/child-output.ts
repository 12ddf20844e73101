// What a child process prints, kept in files as it arrives: the child writes into them itself,
// so reading its output never depends on the test process's event loop watching a pipe (Bun's
// pipe readers have been seen to stall for good in a long run that spawned hundreds of
// children, so a phone's "Incoming call" line never arrived). Bun opens and closes the files
// for the child: the test holds no descriptor of its own.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BunFile } from "bun";
import { tempDir } from "./temp-dir.ts";

export interface ChildOutput {
  /** Hand these to Bun.spawn as the child's stdout and stderr. */
  readonly stdout: BunFile;
  readonly stderr: BunFile;
  /** What the child printed so far on stdout. */
  out(): string;
  /** ... and on stderr. */
  err(): string;
  /** Both, stdout first. */
  text(): string;
}

export function childOutput(name: string): ChildOutput {
  const dir = tempDir(`${name}-out-`);
  const paths = { out: join(dir, "stdout.txt"), err: join(dir, "stderr.txt") };
  writeFileSync(paths.out, "");
  writeFileSync(paths.err, "");
  const read = (path: string) => {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return "";
    }
  };
  return {
    stdout: Bun.file(paths.out),
    stderr: Bun.file(paths.err),
    out: () => read(paths.out),
    err: () => read(paths.err),
    text: () => read(paths.out) + read(paths.err),
  };
}
