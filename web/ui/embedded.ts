// DESIGN "Platform services / Web": the UI assets carried inside the compiled binary. Loaded
// only by a compiled program; `bun web/ui/bundle.ts` must have written dist/ before
// `bun build --compile`.
import appCss from "./dist/app.css.gz" with { type: "file" };
import appJs from "./dist/app.js.gz" with { type: "file" };
import waveWorker from "./dist/waveWorker.min.js.gz" with { type: "file" };

/** Served name -> embedded path of its gzipped bytes. */
export const EMBEDDED_GZ: Record<string, string> = {
  "app.js": appJs,
  "app.css": appCss,
  "waveWorker.min.js": waveWorker,
};
