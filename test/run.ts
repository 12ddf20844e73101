// Runs every test (unit tests beside the code, cross-cutting tests in test/) with Bun's runner,
// one process per file so nothing one file leaves behind (a child, a timer, a full heap) can
// fail another; then repeats each failure's explanation and prints the one closing line CI
// reads: "N passed, N failed".
//
//   bun test/run.ts                     every test file
//   bun test/run.ts billing sip/auth    files whose path contains either word
//   bun test/run.ts e2e -t "refusal"    extra flags go to every `bun test`
//   TEST_JOBS=1 bun test/run.ts         one file at a time (default: one per core)
//
// Files run side by side, one per core: most of an end-to-end file's time is spent waiting on
// real time (a phone ringing, audio playing), and every file picks its own free ports. A file
// whose check depends on having the machine to itself (a real-time audio period, a flood that
// must saturate the box) says so with the line `// test/run.ts: alone` near its top; it runs
// while nothing else does.

import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { waitExit } from "./support/child-exit.ts";
import { type Failure, formatFailures, readFileReport } from "./support/test-report.ts";

const TEST_TIMEOUT_MS = 60_000;
// A file still running after this is stuck, not slow: the longest take about three minutes.
const FILE_BOUND_MS = 15 * 60_000;
const SKIPPED_DIRS = /(^|\/)(node_modules|dist|data|\.cache|\.git)\//;
const ALONE_MARK = /^\/\/ test\/run\.ts: alone\b/m;
const JOBS = Math.max(1, Number(process.env.TEST_JOBS) || availableParallelism());

const args = process.argv.slice(2);
const flagStart = args.findIndex((a) => a.startsWith("-"));
const filters = flagStart === -1 ? args : args.slice(0, flagStart);
const flags = flagStart === -1 ? [] : args.slice(flagStart);

const files = [...new Bun.Glob("**/*.test.{ts,tsx}").scanSync({ cwd: ".", onlyFiles: true })]
  .filter((f) => !SKIPPED_DIRS.test(f))
  .filter((f) => filters.length === 0 || filters.some((word) => f.includes(word)))
  .sort();

const logDir = mkdtempSync(join(tmpdir(), "pbx-test-run-"));
let passed = 0;
let failed = 0;
const failures: Failure[] = [];
const started = performance.now();

/** Runs one file in its own process; its output is printed whole once it ends. */
async function runFile(file: string, slot: number, lanes: number): Promise<void> {
  const log = join(logDir, `file-${slot}.log`);
  const fd = openSync(log, "w");
  // Output goes to a file rather than a pipe: the runner holds no stream a stalled read could
  // hang on, and stdout and stderr keep their order.
  const proc = Bun.spawn(["bun", "test", "--timeout", String(TEST_TIMEOUT_MS), ...flags, file], {
    stdout: fd,
    stderr: fd,
    // Side by side, each file picks its ports from its lane's own share (test/support/free-port.ts).
    env: { ...process.env, FORCE_COLOR: "0", TEST_PORT_SHARE: `${slot}/${lanes}` },
    detached: true,
  });
  closeSync(fd);
  const code = await exitWithin(proc, FILE_BOUND_MS);
  const output = readFileSync(log, "utf8");
  process.stdout.write(output);
  const report = readFileReport(file, output);
  passed += report.passed;
  failed += report.failed;
  failures.push(...report.failures);
  if (code === null || (code !== 0 && report.failed === 0)) {
    // A file that hung or crashed outside any test still fails the run, with its last words.
    failed++;
    const tail = output.trimEnd().split("\n").slice(-16);
    const why =
      code === null ? `still running after ${FILE_BOUND_MS / 60_000} min` : `exit ${code}`;
    failures.push({ file, name: `the file itself (${why})`, excerpt: tail });
    console.log(`${file}: ${why}`);
  }
}

const alone = files.filter((f) => ALONE_MARK.test(readFileSync(f, "utf8").slice(0, 4096)));
const together = files.filter((f) => !alone.includes(f));
for (const file of alone) await runFile(file, 0, 1);
// Each lane takes the next file as it finishes one; end-to-end files first, so the long ones
// do not end up alone in one lane at the end of the run.
const queue = [
  ...together.filter((f) => f.startsWith("test/")),
  ...together.filter((f) => !f.startsWith("test/")),
];
await Promise.all(
  Array.from({ length: JOBS }, async (_, lane) => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift())
      await runFile(file, lane, JOBS);
  }),
);
rmSync(logDir, { recursive: true, force: true });

const minutes = ((performance.now() - started) / 60_000).toFixed(1);
console.log(`\n${files.length} files in ${minutes} min`);
process.stdout.write(formatFailures(failures));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

/** The exit code, or null when the file overran; either way nothing of its group is left. */
async function exitWithin(proc: Bun.Subprocess, boundMs: number): Promise<number | null> {
  const code = await waitExit(proc, boundMs);
  // Whatever the file started and left running (a softphone, a browser) goes with it, so
  // it cannot disturb the next file.
  if (killGroup(proc.pid) && code !== null) console.log("(left processes running; ended)");
  if (code === null) await waitExit(proc, 5_000);
  return code;
}

/** SIGKILL to the process group led by `pid`: false when nothing of it was left. */
function killGroup(pid: number): boolean {
  try {
    process.kill(-pid, "SIGKILL");
    return true;
  } catch {
    return false;
  }
}
