// The certificate the box makes at first boot names every address of its interfaces (IPv4
// and IPv6) and its host names, so a browser or phone reaching it by its LAN address finds
// that address in the certificate; HTTPS presents that same certificate.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { isIPv6 } from "node:net";
import { hostname, networkInterfaces } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";

let pbx: RunningPbx;
beforeAll(async () => {
  pbx = await startPbx();
});
afterAll(async () => {
  await pbx?.stop();
});

/** An IPv6 address as node:crypto prints it in subjectAltName: eight uppercase groups. */
function expanded(address: string): string {
  if (!isIPv6(address)) return address;
  const [head, tail] = address.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right]
    .map((g) => g.replace(/^0+(?=.)/, "").toUpperCase())
    .join(":");
}

test("names every interface address and the host names", () => {
  const cert = new X509Certificate(readFileSync(join(pbx.dataDir, "tls", "cert.pem")));
  const names = (cert.subjectAltName ?? "").split(", ");
  const addresses = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((entry) => entry.address.replace(/%.*$/, ""));
  for (const address of addresses) expect(names).toContain(`IP Address:${expanded(address)}`);
  expect(names).toContain(`DNS:${hostname()}`);
  expect(names).toContain("DNS:localhost");
  expect(cert.ca).toBe(false);
});

test("HTTPS presents the certificate from the data directory", async () => {
  const onDisk = new X509Certificate(readFileSync(join(pbx.dataDir, "tls", "cert.pem")));
  const served = await new Promise<string>((resolve, reject) => {
    const socket = connect(
      { host: "127.0.0.1", port: pbx.ports.https, rejectUnauthorized: false },
      () => {
        resolve(socket.getPeerX509Certificate()?.fingerprint256 ?? "");
        socket.end();
      },
    );
    socket.once("error", reject);
  });
  expect(served).toBe(onDisk.fingerprint256);
});
