// The box runs with one environment wherever it is started: the board's service file, `npm
// start`, and the tests and benchmarks (SERVICE_ENVIRONMENT). A setting added to one and not the
// others would make the figures measured here differ from the board's.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SERVICE_ENVIRONMENT } from "./pbx-process.ts";

const ROOT = join(import.meta.dir, "..", "..");

describe("the box's environment", () => {
  test("the service file sets what the tests set", () => {
    const unit = readFileSync(join(ROOT, "rootfs/etc/systemd/system/pbx.service"), "utf8");
    const set = Object.fromEntries(
      [...unit.matchAll(/^Environment=([A-Za-z_]\w*)=(\S*)$/gm)].map((m) => [m[1], m[2]]),
    );
    expect(set).toEqual({ ...SERVICE_ENVIRONMENT });
  });

  test("npm start sets it too", () => {
    const start: string = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts
      .start;
    const assignments = Object.fromEntries(
      [...start.matchAll(/([A-Za-z_]\w*)=(\S+) /g)].map((m) => [m[1], m[2]]),
    );
    expect(assignments).toEqual({ ...SERVICE_ENVIRONMENT });
  });
});
