// The Bun runtime a compiled binary is made from. Cross-compiling normally makes Bun download
// the target's runtime from GitHub; the build machine has no internet, so the runtime comes
// from the npm registry package of exactly the pinned Bun version (`npm pack`), unpacked once
// into a cache folder and reused by later builds.

import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { BuildTarget } from "./build-targets.ts";

export interface RuntimeOptions {
  /** Bun version the binary must carry (the pinned `bun` devDependency). */
  version: string;
  /** Folder holding unpacked runtimes, one subfolder per package and version. */
  cacheDir: string;
}

/** Path of a Bun executable for `target` at `options.version`, fetched if not cached. */
export async function bunRuntime(target: BuildTarget, options: RuntimeOptions): Promise<string> {
  // The running Bun is the runtime when it is the pinned version for this machine.
  if (target.arch === process.arch && Bun.version === options.version) return process.execPath;

  const folder = join(
    options.cacheDir,
    `${target.runtimePackage.replace("@oven/", "")}-${options.version}`,
  );
  const executable = join(folder, "bin", "bun");
  if (existsSync(executable)) return executable;

  mkdirSync(options.cacheDir, { recursive: true });
  // Unpacked beside the cache entry and renamed into place, so a build stopped halfway (or
  // two builds at once) never leaves a half-written runtime that later builds would trust.
  const staging = mkdtempSync(join(options.cacheDir, ".staging-"));
  try {
    const spec = `${target.runtimePackage}@${options.version}`;
    const pack = Bun.spawnSync(["npm", "pack", spec, "--json", "--pack-destination", staging], {
      stdout: "pipe",
      stderr: "pipe",
    });
    if (pack.exitCode !== 0) {
      throw new Error(`npm pack ${spec} failed:\n${pack.stderr.toString()}`);
    }
    const [packed] = JSON.parse(pack.stdout.toString()) as { filename: string; version: string }[];
    if (!packed || packed.version !== options.version) {
      throw new Error(`npm pack ${spec} returned ${packed?.version ?? "nothing"}`);
    }
    const unpacked = join(staging, "package");
    mkdirSync(unpacked);
    const tar = Bun.spawnSync(
      ["tar", "-xzf", join(staging, packed.filename), "-C", unpacked, "--strip-components=1"],
      { stderr: "pipe" },
    );
    if (tar.exitCode !== 0) throw new Error(`tar failed:\n${tar.stderr.toString()}`);
    chmodSync(join(unpacked, "bin", "bun"), 0o755);
    if (!existsSync(executable)) renameSync(unpacked, folder);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return executable;
}
