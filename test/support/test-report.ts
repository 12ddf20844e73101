// Reads what `bun test` printed for one file: how many passed and failed, and for each failure
// the lines that explain it. The runner repeats those explanations at the end of a run, where a
// reader of a long log (or of only its tail) finds them.

/** One failed test and what was printed about it. */
export interface Failure {
  file: string;
  name: string;
  excerpt: string[];
}

export interface FileReport {
  passed: number;
  failed: number;
  failures: Failure[];
}

const RESULT_LINE = /^\((pass|fail|skip|todo)\) (.*?)(?: \[[\d.]+m?s\])?$/;
// The source lines Bun quotes above an error: the stack below names the same place.
const CODE_FRAME = /^\s*(\d+ \| |\^\s*$)/;
const TIMED_OUT = /^\s*\^ this test timed out/;
const EXCERPT_LINES = 24;

/** The counts and failures in `output`, the whole text `bun test` printed for `file`. */
export function readFileReport(file: string, output: string): FileReport {
  let passed = 0;
  let failed = 0;
  const failures: Failure[] = [];
  let since: string[] = [];
  for (const line of output.split("\n")) {
    const pass = /^\s*(\d+) pass$/.exec(line);
    if (pass) passed += Number(pass[1]);
    const fail = /^\s*(\d+) fail$/.exec(line);
    if (fail) failed += Number(fail[1]);
    const result = RESULT_LINE.exec(line);
    if (!result) {
      // Bun says why a test timed out on the line after its result.
      const last = failures.at(-1);
      if (since.length === 0 && last && TIMED_OUT.test(line)) last.excerpt.push(line.trim());
      else if (line.trim() !== "" && !CODE_FRAME.test(line)) since.push(line);
      continue;
    }
    if (result[1] === "fail") {
      failures.push({ file, name: result[2]!, excerpt: since.slice(0, EXCERPT_LINES) });
    }
    since = [];
  }
  return { passed, failed, failures };
}

/** The closing digest: each failure with its explanation, most recent last. */
export function formatFailures(failures: readonly Failure[]): string {
  if (failures.length === 0) return "";
  const parts = [`Failures (${failures.length}):`];
  for (const f of failures) {
    parts.push("", `* ${f.file}: ${f.name}`, ...f.excerpt.map((l) => `    ${l}`));
  }
  return `${parts.join("\n")}\n`;
}
