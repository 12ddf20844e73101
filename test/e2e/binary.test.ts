// The compiled program (DESIGN.md "Running it"): `npm run build`'s two binaries each boot on
// the simulated board from an empty working directory, far from the source tree, and answer
// a phone (SIP OPTIONS over UDP) and a browser (GET /api/v1/health, the embedded web UI).
// The arm64 one runs under qemu-user, as it would on the board's Cortex-A53.
// test/run.ts: alone (the build takes both cores, and start-to-serving time is printed).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUILD_TARGETS, type BuildTarget } from "../../flash/build-targets.ts";
import { rssMb } from "../bench/proc-stats.ts";
import { startPbx } from "../support/pbx-process.ts";
import { requirePeer, run } from "../support/peers.ts";
import { optionsRequest, udpPeer } from "../support/raw-sip.ts";

const ROOT = join(import.meta.dir, "..", "..");
/** arm64 glibc and loader for qemu-user (Debian's libc6-arm64-cross). */
const ARM64_SYSROOT = "/usr/aarch64-linux-gnu";

const workDir = mkdtempSync(join(tmpdir(), "pbx-binary-"));
let built: { target: BuildTarget; path: string; sizeBytes: number }[] = [];

beforeAll(async () => {
  // As `npm run build` builds them, in a process of its own (a bundler run inside the test
  // runner resolves modules as the runner does, not as a build does).
  const outDir = join(workDir, "dist");
  const build = await run([process.execPath, join(ROOT, "flash", "build.ts"), "--out", outDir], {
    cwd: ROOT,
    timeoutMs: 55_000,
  });
  if (build.code !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  built = BUILD_TARGETS.map((target) => {
    const path = join(outDir, `pbx-${target.name}`);
    return { target, path, sizeBytes: existsSync(path) ? statSync(path).size : 0 };
  });
}, 60_000);
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function binary(name: string): string {
  const found = built.find((b) => b.target.name === name);
  if (!found) throw new Error(`${name} was not built`);
  return found.path;
}

/** Boots `command` from an empty directory and checks the box answers SIP and HTTP. */
async function bootAndProbe(label: string, command: string[]): Promise<void> {
  const cwd = mkdtempSync(join(workDir, "cwd-"));
  const startedMs = performance.now();
  // `env -C` changes directory then execs, so the signals startPbx sends reach the program.
  const pbx = await startPbx({ command: ["env", "-C", cwd, ...command], timeoutMs: 60_000 });
  const servingMs = performance.now() - startedMs;
  try {
    const ownMs = /"startupMs":(\d+)/.exec(pbx.output())?.[1] ?? "?";
    console.log(
      `${label}: serving ${Math.round(servingMs)} ms after spawn (main() itself: ${ownMs} ms)`,
    );

    // The built-in prompts come from inside the binary and read as audio (8 kHz samples).
    const prompts = /"voice prompts".*?"source":"([^"]+)".*?"goodbyeSamples":(\d+)/.exec(
      pbx.output(),
    );
    expect(prompts?.[1]).toBe("embedded");
    expect(Number(prompts?.[2])).toBeGreaterThan(2000);

    const health = await fetch(`http://127.0.0.1:${pbx.ports.http}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe("ok");

    const peer = await udpPeer(pbx.ports.sip);
    try {
      const callId = `binary-${crypto.randomUUID()}`;
      peer.send(optionsRequest(pbx.ports.sip, peer.port, callId));
      const ok = await peer.expect(200, 10_000);
      expect(ok.headers.get("call-id")).toBe(callId);
      expect(ok.headers.get("allow")).toContain("REGISTER");
    } finally {
      peer.close();
    }

    // The web UI is served from the bundles embedded at build time, not from the source tree.
    const page = await pbx.api("/");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/ui/app.js");
    const script = await pbx.api("/ui/app.js");
    expect(script.status).toBe(200);
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(10_000);

    // Logging in proves the embedded migrations ran: the accounts table exists and holds admin.
    expect(await pbx.adminToken()).toBeTruthy();
    // Resident memory after serving these few requests (under qemu: the emulator's too).
    console.log(`${label}: RSS ${rssMb(pbx.pid).toFixed(0)} MB after the probes`);
  } finally {
    expect(await pbx.stop()).toBe(0);
  }
}

describe("compiled binaries", () => {
  test("both are written, one file each, tens of MiB", () => {
    expect(built.map((b) => b.target.name).sort()).toEqual(["linux-arm64", "linux-x64"]);
    for (const b of built) {
      console.log(`${b.target.name}: ${(b.sizeBytes / 2 ** 20).toFixed(1)} MiB`);
      expect(b.sizeBytes).toBeGreaterThan(20 * 2 ** 20);
    }
  });

  test("linux-x64 boots from an empty directory and answers OPTIONS and health", async () => {
    await bootAndProbe("linux-x64", [binary("linux-x64")]);
  }, 30_000);

  test("linux-arm64 boots under qemu-aarch64 and answers OPTIONS and health", async () => {
    const qemu = requirePeer("qemu-aarch64-static", "qemu-user-static");
    if (!existsSync(join(ARM64_SYSROOT, "lib", "ld-linux-aarch64.so.1"))) {
      throw new Error(`no arm64 C library in ${ARM64_SYSROOT}: apt-get install libc6-arm64-cross`);
    }
    await bootAndProbe("linux-arm64 (qemu)", [qemu, "-L", ARM64_SYSROOT, binary("linux-arm64")]);
  }, 90_000);
});
