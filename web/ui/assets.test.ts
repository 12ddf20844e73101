import { describe, expect, test } from "bun:test";
import { gunzipSync } from "node:zlib";
import { uiHandler } from "./assets.ts";

describe("uiHandler", () => {
  const handle = uiHandler();
  const get = (path: string, headers: Record<string, string> = {}) =>
    handle(new Request(`https://pbx.lan${path}`, { headers }));

  test("serves the HTML shell with versioned, same-origin assets and a strict CSP", async () => {
    const res = (await get("/"))!;
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("Content-Security-Policy")).toContain("default-src 'self'");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Strict-Transport-Security")).toBe("max-age=31536000");
    const html = await res.text();
    const script = /src="(\/ui\/app\.js\?v=\w+)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(html).toMatch(/href="\/ui\/app\.css\?v=\w+"/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  test("serves the bundle gzipped to browsers that accept it, cached for good", async () => {
    const plain = (await get("/ui/app.js"))!;
    const gz = (await get("/ui/app.js", { "Accept-Encoding": "gzip, br" }))!;
    expect(gz.headers.get("Content-Encoding")).toBe("gzip");
    expect(gz.headers.get("Cache-Control")).toContain("immutable");
    const text = await plain.text();
    expect(gunzipSync(new Uint8Array(await gz.arrayBuffer())).toString()).toBe(text);
    // The bundle carries Preact and the pages, and loads nothing from elsewhere.
    expect(text).toContain("/api/v1");
    expect(text).not.toMatch(/https?:\/\/(?!www\.w3\.org)[a-z]/);
    const again = (await get("/ui/app.js", { "If-None-Match": plain.headers.get("ETag")! }))!;
    expect(again.status).toBe(304);
  });

  test("leaves the API to others and answers 404 for unknown assets", async () => {
    expect(await get("/api/v1/health")).toBeUndefined();
    expect((await get("/ui/nothing.js"))!.status).toBe(404);
    expect((await get("/ui/app.css"))!.headers.get("Content-Type")).toBe("text/css; charset=utf-8");
  });
});
