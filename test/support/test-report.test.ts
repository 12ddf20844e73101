import { describe, expect, test } from "bun:test";
import { formatFailures, readFileReport } from "./test-report.ts";

// What `bun test` 1.3 printed for one file with a passing, a failing and a timed-out test.
const OUTPUT = `bun test v1.3.14 (0d9b296a)

x.test.ts:
(pass) group > ok [0.28ms]
1 | import { test, expect, describe } from "bun:test";
4 | test("bad", () => { expect(1).toBe(2); });
                                  ^
error: expect(received).toBe(expected)

Expected: 2
Received: 1

      at <anonymous> (/tmp/rt/x.test.ts:4:31)
(fail) group > bad [0.34ms]
(fail) group > slow [100.30ms]
  ^ this test timed out after 100ms.

 1 pass
 2 fail
 2 expect() calls
Ran 3 tests across 1 file. [147.00ms]
`;

describe("reading one file's test output", () => {
  test("counts, and each failure with the lines that explain it", () => {
    const report = readFileReport("x.test.ts", OUTPUT);
    expect(report.passed).toBe(1);
    expect(report.failed).toBe(2);
    expect(report.failures).toEqual([
      {
        file: "x.test.ts",
        name: "group > bad",
        excerpt: [
          "error: expect(received).toBe(expected)",
          "Expected: 2",
          "Received: 1",
          "      at <anonymous> (/tmp/rt/x.test.ts:4:31)",
        ],
      },
      { file: "x.test.ts", name: "group > slow", excerpt: ["^ this test timed out after 100ms."] },
    ]);
  });

  test("the digest names file and test, and is empty without failures", () => {
    const digest = formatFailures(readFileReport("x.test.ts", OUTPUT).failures);
    expect(digest).toContain("Failures (2):");
    expect(digest).toContain(
      "* x.test.ts: group > bad\n    error: expect(received).toBe(expected)",
    );
    expect(formatFailures([])).toBe("");
  });
});
