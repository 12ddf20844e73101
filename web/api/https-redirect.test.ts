import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { request as httpRequest } from "node:http";
import { hostname } from "node:os";
import { freePort } from "../../test/support/free-port.ts";
import { httpsRedirect } from "./https-redirect.ts";

let server: ReturnType<typeof Bun.serve>;
let port: number;
beforeEach(async () => {
  port = await freePort();
  server = Bun.serve({
    hostname: "127.0.0.1",
    port,
    fetch: (request) =>
      httpsRedirect(request, {
        httpsPort: 8443,
        ownAddress: "192.0.2.1",
        extraNames: ["127.0.0.1"],
      }),
  });
});
afterEach(() => server.stop(true));

/** A plain-HTTP GET over a real socket with exactly this Host header; the Location answered. */
function locationFor(host: string, path = "/extensions?page=2"): Promise<[number, string]> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, headers: { Host: host } }, (res) => {
      res.resume();
      resolve([res.statusCode ?? 0, String(res.headers.location)]);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the plain-HTTP redirect", () => {
  test("ignores a Host that is not the box's and sends the browser to the box's own address", async () => {
    expect(await locationFor("evil.example")).toEqual([
      308,
      "https://192.0.2.1:8443/extensions?page=2",
    ]);
    expect((await locationFor("evil.example:80"))[1]).toStartWith("https://192.0.2.1:8443/");
    expect((await locationFor("attacker@evil.example"))[1]).toStartWith("https://192.0.2.1:8443/");
  });

  test("keeps a Host that is one of the box's names or addresses, with the HTTPS port", async () => {
    expect(await locationFor(`127.0.0.1:${port}`)).toEqual([
      308,
      "https://127.0.0.1:8443/extensions?page=2",
    ]);
    expect((await locationFor("localhost"))[1]).toBe("https://localhost:8443/extensions?page=2");
    const own = hostname().toLowerCase();
    expect((await locationFor(`${own}:${port}`))[1]).toBe(`https://${own}:8443/extensions?page=2`);
    expect((await locationFor("192.0.2.1"))[1]).toBe("https://192.0.2.1:8443/extensions?page=2");
  });
});
