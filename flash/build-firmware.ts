// Compiles the appliance program (firmware/main.ts) into one self-contained executable per
// target with `bun build --compile` (DESIGN.md "Running it").
//
// Everything the program needs at run time is reached through imports, so the bundler embeds
// it: migrations and text catalogs imported `with { type: "text" }` are inlined as strings;
// files imported `with { type: "file" }` (web UI assets, voice prompt WAVs) are stored in the
// executable's own file system and their import yields a path that `Bun.file()` reads.
// Nothing may be read from the source tree by path at run time.

import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { BUILD_TARGETS, type BuildTarget } from "./build-targets.ts";
import { bunRuntime } from "./bun-runtime.ts";

/**
 * Scripts that write files the firmware imports and that are not committed (they are made
 * from sources): run before compiling, in the repository root. They are run as programs, not
 * imported, so flash/ stays free of the layers above it.
 */
export const GENERATORS: readonly string[] = [
  // The browser bundles web/ui/embedded.ts imports `with { type: "file" }` (web/ui/dist/*.gz).
  "web/ui/bundle.ts",
];

export interface BuildOptions {
  /** Repository root (holds firmware/ and node_modules/). */
  rootDir: string;
  /** Where `pbx-<target>` files are written. */
  outDir: string;
  /** Cache of Bun runtimes for cross-compiling; default `<root>/.cache/bun-runtimes`. */
  cacheDir?: string;
  targets?: readonly BuildTarget[];
  /** Program to compile; default `<root>/firmware/main.ts`. */
  entrypoint?: string;
  /** Output files are `<name>-<target>`; default `pbx`. */
  name?: string;
}

export interface BuiltBinary {
  target: BuildTarget;
  path: string;
  sizeBytes: number;
  buildMs: number;
}

/** The pinned Bun version: the `bun` devDependency installed in node_modules. */
export async function pinnedBunVersion(rootDir: string): Promise<string> {
  const manifest = (await Bun.file(
    join(rootDir, "node_modules", "bun", "package.json"),
  ).json()) as {
    version: string;
  };
  return manifest.version;
}

export async function buildFirmware(options: BuildOptions): Promise<BuiltBinary[]> {
  const version = await pinnedBunVersion(options.rootDir);
  const cacheDir = options.cacheDir ?? join(options.rootDir, ".cache", "bun-runtimes");
  mkdirSync(options.outDir, { recursive: true });
  if (!options.entrypoint) runGenerators(options.rootDir);
  const built: BuiltBinary[] = [];
  for (const target of options.targets ?? BUILD_TARGETS) {
    const startedMs = performance.now();
    const path = join(options.outDir, `${options.name ?? "pbx"}-${target.name}`);
    const result = await Bun.build({
      entrypoints: options.entrypoint
        ? [options.entrypoint]
        : // The relay's and the ALSA highway's workers are further entry points, so the binary
          // can start them as threads.
          [
            join(options.rootDir, "firmware", "main.ts"),
            join(options.rootDir, "firmware", "relay", "relay-worker.ts"),
            join(options.rootDir, "board", "pcm", "alsa-pcm-worker.ts"),
          ],
      compile: {
        target: target.bunTarget,
        executablePath: await bunRuntime(target, { version, cacheDir }),
        outfile: path,
        // The appliance reads its settings from flags, PBX_ variables and its database only:
        // a stray .env or bunfig.toml in the working directory must not change it.
        autoloadDotenv: false,
        autoloadBunfig: false,
      },
      // Names kept so stack traces in the field logs stay readable.
      minify: { whitespace: true, syntax: true, identifiers: true, keepNames: true },
      // No `bytecode: true`: the bundle is small, and it measured no faster to start (x64 and
      // qemu-aarch64) while tying the binary to JavaScriptCore's bytecode format.
    });
    if (!result.success) {
      throw new Error(
        `build of ${target.name} failed:\n${result.logs.map((l) => String(l)).join("\n")}`,
      );
    }
    built.push({
      target,
      path,
      sizeBytes: statSync(path).size,
      buildMs: performance.now() - startedMs,
    });
  }
  return built;
}

function runGenerators(rootDir: string): void {
  for (const script of GENERATORS) {
    if (!existsSync(join(rootDir, script))) continue;
    const run = Bun.spawnSync([process.execPath, script], {
      cwd: rootDir,
      stdout: "pipe",
      stderr: "pipe",
    });
    if (run.exitCode !== 0) {
      throw new Error(`${script} failed:\n${run.stdout.toString()}${run.stderr.toString()}`);
    }
  }
}
