// `npm run build`: writes dist/pbx-linux-x64 and dist/pbx-linux-arm64 (DESIGN.md "Running
// it") and prints the size of each. `--out <dir>` writes them elsewhere.

import { join } from "node:path";
import { buildFirmware } from "./build-firmware.ts";

const rootDir = join(import.meta.dir, "..");
const at = process.argv.indexOf("--out");
const outDir = at > 0 && process.argv[at + 1] ? process.argv[at + 1]! : join(rootDir, "dist");
const built = await buildFirmware({ rootDir, outDir });
for (const binary of built) {
  const sizeMiB = (binary.sizeBytes / 2 ** 20).toFixed(1);
  console.log(
    `${binary.path.startsWith(rootDir) ? binary.path.slice(rootDir.length + 1) : binary.path}  ${sizeMiB} MiB  (${Math.round(binary.buildMs)} ms)`,
  );
}
