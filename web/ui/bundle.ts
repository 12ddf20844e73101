// DESIGN "Platform services / Web": the pages are bundled for the browser by Bun.build, with
// no network and no CDN. Run as a script before `bun build --compile` to write dist/, which
// embedded.ts imports so the binary carries the UI; `npm start` bundles in memory instead.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** One bundled file as served: its bytes and content type. */
export interface UiFile {
  name: string;
  type: string;
  body: Uint8Array;
}

const ENTRY = join(import.meta.dir, "app.ts");
const DIST = join(import.meta.dir, "dist");
/**
 * opus-recorder's WAV encoder runs in a worker the page loads by URL: served as the package
 * ships it (already minified), beside app.js.
 */
export const WAVE_WORKER = "waveWorker.min.js";

/** Bundles the UI (app.js and app.css) for the browser, minified. */
export async function bundleUi(): Promise<UiFile[]> {
  const result = await Bun.build({
    entrypoints: [ENTRY],
    target: "browser",
    minify: true,
    naming: { entry: "[name].[ext]", asset: "[name].[ext]", chunk: "[name].[ext]" },
  });
  if (!result.success) {
    throw new Error(`web/ui: bundling failed: ${result.logs.map(String).join("\n")}`);
  }
  const files: UiFile[] = [];
  for (const output of result.outputs) {
    const name = output.path.replace(/^.*\//, "");
    const type = name.endsWith(".css")
      ? "text/css; charset=utf-8"
      : "text/javascript; charset=utf-8";
    files.push({ name, type, body: new Uint8Array(await output.arrayBuffer()) });
  }
  const worker = Bun.resolveSync(`opus-recorder/dist/${WAVE_WORKER}`, import.meta.dir);
  files.push({
    name: WAVE_WORKER,
    type: "text/javascript; charset=utf-8",
    body: new Uint8Array(readFileSync(worker)),
  });
  return files;
}

/** Writes dist/<name>.gz for every bundled file (gzip once at build, not per request). */
export async function writeDist(): Promise<string[]> {
  mkdirSync(DIST, { recursive: true });
  const written: string[] = [];
  for (const file of await bundleUi()) {
    const path = join(DIST, `${file.name}.gz`);
    writeFileSync(path, gzipSync(file.body, { level: 9 }));
    written.push(path);
  }
  return written;
}

if (import.meta.main) {
  for (const path of await writeDist()) console.log(`web/ui: wrote ${path}`);
}
