// DESIGN "Platform services / Web": the box serves its own UI, with no CDN. A compiled binary
// serves the gzipped bundles embedded at build time (embedded.ts); `npm start` and the tests
// bundle the sources in memory on the first request, so an edit shows on the next start.
// This module runs on the server and imports nothing of it: main passes its fetch along.
import { gunzipSync, gzipSync } from "node:zlib";
import type { UiFile } from "./bundle.ts";

interface ServedFile {
  type: string;
  raw: Uint8Array;
  gz: Uint8Array;
  version: string;
}

/** A compiled binary's modules live under Bun's embedded file system. */
const isCompiled = (): boolean =>
  import.meta.path.startsWith("/$bunfs/") || import.meta.path.includes("~BUN");

async function loadFiles(): Promise<Map<string, ServedFile>> {
  const files = new Map<string, ServedFile>();
  const add = (name: string, type: string, raw: Uint8Array, gz: Uint8Array) =>
    files.set(name, { type, raw, gz, version: Bun.hash(raw).toString(36) });
  if (isCompiled()) {
    const { EMBEDDED_GZ } = await import("./embedded.ts");
    for (const [name, path] of Object.entries(EMBEDDED_GZ)) {
      const gz = new Uint8Array(await Bun.file(path).arrayBuffer());
      add(name, typeOf(name), gunzipSync(gz), gz);
    }
  } else {
    const { bundleUi } = await import("./bundle.ts");
    for (const file of (await bundleUi()) as UiFile[]) {
      add(file.name, file.type, file.body, gzipSync(file.body, { level: 6 }));
    }
  }
  return files;
}

function typeOf(name: string): string {
  return name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
}

/** The HTML shell: the only page; every view is a hash route of app.js. */
function shell(files: Map<string, ServedFile>): string {
  const v = (name: string) => files.get(name)?.version ?? "0";
  return [
    "<!doctype html>",
    '<html lang="zh"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    "<title>PBX</title>",
    '<link rel="icon" href="data:,">',
    `<link rel="stylesheet" href="/ui/app.css?v=${v("app.css")}">`,
    `<script type="module" src="/ui/app.js?v=${v("app.js")}"></script>`,
    '</head><body><div id="app"></div></body></html>',
  ].join("");
}

const SECURITY_HEADERS = {
  "Content-Security-Policy":
    "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  // The pages are served only over HTTPS (plain HTTP redirects): the browser stays there.
  "Strict-Transport-Security": "max-age=31536000",
};

/** A fetch handler for "/" and "/ui/*"; undefined for any other path. */
export function uiHandler(): (request: Request) => Promise<Response | undefined> {
  let loading: Promise<Map<string, ServedFile>> | undefined;
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname !== "/" && pathname !== "/index.html" && !pathname.startsWith("/ui/")) {
      return undefined;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response("method not allowed", { status: 405, headers: { Allow: "GET, HEAD" } });
    }
    loading ??= loadFiles();
    const files = await loading;
    if (!pathname.startsWith("/ui/")) {
      return new Response(shell(files), {
        headers: {
          ...SECURITY_HEADERS,
          "Content-Type": "text/html; charset=utf-8",
          "Cache-Control": "no-cache",
        },
      });
    }
    const file = files.get(pathname.slice("/ui/".length));
    if (!file) return new Response("not found", { status: 404 });
    const gzip = /\bgzip\b/.test(request.headers.get("Accept-Encoding") ?? "");
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      "Content-Type": file.type,
      "Cache-Control": "public, max-age=31536000, immutable",
      Vary: "Accept-Encoding",
      ETag: `"${file.version}"`,
    };
    if (request.headers.get("If-None-Match") === headers.ETag) {
      return new Response(null, { status: 304, headers });
    }
    if (gzip) headers["Content-Encoding"] = "gzip";
    const body = (gzip ? file.gz : file.raw) as Uint8Array<ArrayBuffer>;
    return new Response(body, { headers });
  };
}
