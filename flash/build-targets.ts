// The machines the firmware is compiled for (DESIGN.md "Running it"): the board
// (linux-arm64, Cortex-A53 class) and a PC (linux-x64). Each maps to a Bun compile target and
// to the npm package that ships the Bun runtime for that machine.

export interface BuildTarget {
  /** Suffix of the output file: `dist/pbx-<name>`. */
  readonly name: "linux-x64" | "linux-arm64";
  /** `Bun.build({ compile: { target } })`. */
  readonly bunTarget: "bun-linux-x64" | "bun-linux-arm64";
  /** Node's `process.arch` of the machine the binary runs on. */
  readonly arch: "x64" | "arm64";
  /** npm package whose `bin/bun` is the runtime embedded in the binary. */
  readonly runtimePackage: string;
}

export const BUILD_TARGETS: readonly BuildTarget[] = [
  {
    name: "linux-x64",
    bunTarget: "bun-linux-x64",
    arch: "x64",
    runtimePackage: "@oven/bun-linux-x64",
  },
  {
    name: "linux-arm64",
    bunTarget: "bun-linux-arm64",
    arch: "arm64",
    runtimePackage: "@oven/bun-linux-aarch64",
  },
];
