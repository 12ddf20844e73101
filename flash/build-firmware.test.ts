// The build's promise to the rest of the tree: data imported `with { type: "text" }` or
// `with { type: "file" }` travels inside the compiled binary, which then runs anywhere.

import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildFirmware } from "./build-firmware.ts";
import { BUILD_TARGETS } from "./build-targets.ts";

const ROOT = join(import.meta.dir, "..");
const workDir = mkdtempSync(join(tmpdir(), "pbx-build-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

test("text and file imports are embedded and readable from another working directory", async () => {
  const host = BUILD_TARGETS.filter((t) => t.arch === process.arch);
  const [built] = await buildFirmware({
    rootDir: ROOT,
    outDir: join(workDir, "out"),
    targets: host,
    entrypoint: join(import.meta.dir, "fixtures", "asset-probe.ts"),
    name: "asset-probe",
  });
  expect(built?.sizeBytes).toBeGreaterThan(1_000_000);
  const elsewhere = mkdtempSync(join(workDir, "cwd-"));
  const run = Bun.spawnSync([built!.path], { cwd: elsewhere, stdout: "pipe", stderr: "pipe" });
  expect(run.stderr.toString()).toBe("");
  const probe = JSON.parse(run.stdout.toString()) as Record<string, string>;
  expect(probe.greeting).toBe("embedded as text\n");
  expect(probe.note).toBe("embedded as a file\n");
  // Read from the executable's own file system, not from the source tree.
  expect(probe.notePath).toStartWith("/$bunfs/");
}, 30_000);
