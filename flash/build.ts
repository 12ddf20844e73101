// `npm run build`: writes dist/pbx-linux-x64 and dist/pbx-linux-arm64 (DESIGN.md "Running
// it") and prints the size of each.

import { join } from "node:path";
import { buildFirmware } from "./build-firmware.ts";

const rootDir = join(import.meta.dir, "..");
const built = await buildFirmware({ rootDir, outDir: join(rootDir, "dist") });
for (const binary of built) {
  const sizeMiB = (binary.sizeBytes / 2 ** 20).toFixed(1);
  console.log(
    `${binary.path.slice(rootDir.length + 1)}  ${sizeMiB} MiB  (${Math.round(binary.buildMs)} ms)`,
  );
}
