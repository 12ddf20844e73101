// What a child process prints, on stdout and stderr, kept in a file as it arrives. The child
// writes into the file itself: reading its output never depends on the test process's event
// loop watching a pipe (Bun's pipe readers have been seen to stall for good in a long run that
// spawned hundreds of children, so a phone's "Incoming call" line never arrived).

import { closeSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./temp-dir.ts";

export interface ChildOutput {
  /** The file descriptor to hand the child as its stdout and stderr. */
  readonly fd: number;
  /** Closes the test's copy of `fd` once the child has it. */
  spawned(): void;
  /** Everything the child printed so far. */
  text(): string;
}

export function childOutput(name: string): ChildOutput {
  const path = join(tempDir(`${name}-out-`), "output.txt");
  const fd = openSync(path, "a");
  let open = true;
  return {
    fd,
    spawned() {
      if (open) closeSync(fd);
      open = false;
    },
    text: () => readFileSync(path, "utf8"),
  };
}
