// Idle memory and cold start of the compiled binary (issue 16: idle RSS at most 60 MB, start
// to serving at most 0.5 s for x64). Builds the x64 binary as `npm run build` does, boots it
// from an empty directory on a fresh data directory (first boot: it makes its certificate and
// default music) and again on that data directory (a later boot), each BOOTS times, and prints
// spawn-to-HTTP time and, SETTLE_S seconds after serving, resident memory split into anonymous
// memory (JavaScript heap, JIT, malloc, stacks) and pages mapped from the binary's file. For
// scale it does the same for a program compiled with the same runtime that only serves HTTP.
//
//   bun test/bench/idle-binary.ts
//   BINARY=dist/pbx-linux-x64 BOOTS=5 bun test/bench/idle-binary.ts
//   ENV="BUN_JSC_useJIT=0" bun test/bench/idle-binary.ts     (runtime settings to compare)

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildFirmware } from "../../flash/build-firmware.ts";
import { BUILD_TARGETS } from "../../flash/build-targets.ts";
import { terminate } from "../support/child-exit.ts";
import { freePort } from "../support/free-port.ts";
import { SERVICE_ENVIRONMENT, startPbx } from "../support/pbx-process.ts";
import { residentMb } from "./proc-stats.ts";

const ROOT = join(import.meta.dir, "..", "..");
const BOOTS = Number(process.env.BOOTS ?? 3);
const SETTLE_S = Number(process.env.SETTLE_S ?? 10);
const extraEnv = Object.fromEntries(
  (process.env.ENV ?? "")
    .split(" ")
    .filter(Boolean)
    .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
);

const workDir = mkdtempSync(join(tmpdir(), "bench-idle-"));
const x64 = BUILD_TARGETS.filter((target) => target.name === "linux-x64");
const built = async (entrypoint?: string, name?: string) =>
  (await buildFirmware({ rootDir: ROOT, outDir: workDir, targets: x64, entrypoint, name }))[0]!
    .path;
const box = process.env.BINARY ? resolve(process.env.BINARY) : await built();
const floor = await built(join(import.meta.dir, "http-only-program.ts"), "http-only");

interface Sample {
  servingMs: number;
  rss: number;
  anon: number;
  file: number;
}
const line = (label: string, s: Sample) =>
  `${label.padEnd(26)} serving ${String(Math.round(s.servingMs)).padStart(4)} ms  RSS ${s.rss.toFixed(1).padStart(6)} MB  (anonymous ${s.anon.toFixed(1).padStart(5)}, file ${s.file.toFixed(1).padStart(5)})`;

/**
 * One boot of the box from an empty working directory, on a fresh data directory or (a later
 * boot) on `dataDir`; the sample and the data directory it ran on.
 */
async function bootBox(
  adminPassword: string,
  dataDir?: string,
): Promise<{ sample: Sample; dataDir: string }> {
  const cwd = mkdtempSync(join(workDir, "cwd-"));
  const startedMs = performance.now();
  const pbx = await startPbx({
    command: ["env", "-C", cwd, box],
    env: extraEnv,
    ...(dataDir ? { dataDir } : {}),
    adminPassword,
  });
  const servingMs = performance.now() - startedMs;
  await Bun.sleep(SETTLE_S * 1000);
  const sample = { servingMs, ...residentMb(pbx.pid) };
  await pbx.stop();
  return { sample, dataDir: pbx.dataDir };
}

async function bootFloor(): Promise<Sample> {
  const port = await freePort();
  const startedMs = performance.now();
  const child = Bun.spawn([floor], {
    env: { ...process.env, ...SERVICE_ENVIRONMENT, ...extraEnv, PORT: String(port) },
    stdout: "ignore",
    stderr: "inherit",
  });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (performance.now() - startedMs > 10_000)
      throw new Error("the HTTP-only program did not serve");
    await Bun.sleep(20);
  }
  const servingMs = performance.now() - startedMs;
  await Bun.sleep(SETTLE_S * 1000);
  const sample = { servingMs, ...residentMb(child.pid) };
  await terminate(child, 5_000);
  return sample;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const summary = (label: string, samples: Sample[]) =>
  line(`${label} (median)`, {
    servingMs: median(samples.map((s) => s.servingMs)),
    rss: median(samples.map((s) => s.rss)),
    anon: median(samples.map((s) => s.anon)),
    file: median(samples.map((s) => s.file)),
  });

console.log(
  `x64 binary ${box}, ${BOOTS} boots each, memory read ${SETTLE_S} s after serving${process.env.ENV ? `, with ${process.env.ENV}` : ""}`,
);
const first: Sample[] = [];
const later: Sample[] = [];
const floors: Sample[] = [];
for (let boot = 1; boot <= BOOTS; boot++) {
  const adminPassword = `Adm1n-${crypto.randomUUID().slice(0, 8)}`;
  const fresh = await bootBox(adminPassword);
  first.push(fresh.sample);
  console.log(line(`box, first boot ${boot}`, fresh.sample));
  const again = await bootBox(adminPassword, fresh.dataDir);
  later.push(again.sample);
  console.log(line(`box, later boot ${boot}`, again.sample));
  rmSync(fresh.dataDir, { recursive: true, force: true });
  floors.push(await bootFloor());
  console.log(line(`HTTP only, boot ${boot}`, floors.at(-1)!));
}
console.log(summary("box, first boot", first));
console.log(summary("box, later boot", later));
console.log(summary("HTTP only", floors));
rmSync(workDir, { recursive: true, force: true });
