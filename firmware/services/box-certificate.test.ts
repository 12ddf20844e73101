import { afterEach, describe, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { boxSubject, CertificateFileError, loadOrMakeCertificate } from "./box-certificate.ts";

const dirs: string[] = [];
function tlsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "pbx-tls-"));
  dirs.push(dir);
  return join(dir, "tls");
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const subject = () => boxSubject("office-pbx", ["192.168.1.20", "127.0.0.1", "fd00::20"]);

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

describe("loadOrMakeCertificate", () => {
  test("makes the certificate once, key readable by its owner only, then reuses it", async () => {
    const dir = tlsDir();
    const first = await loadOrMakeCertificate(dir, subject, new Date());
    expect(readFileSync(join(dir, "cert.pem"), "utf8")).toBe(first.cert);
    expect(statSync(join(dir, "key.pem")).mode & 0o777).toBe(0o600);
    const names = new X509Certificate(first.cert).subjectAltName;
    expect(names).toContain("IP Address:192.168.1.20");
    expect(names).toContain("IP Address:FD00:0:0:0:0:0:0:20");
    expect(names).toContain("DNS:localhost");
    const again = await loadOrMakeCertificate(dir, subject, new Date());
    expect(again).toEqual(first);
  });

  test("a garbage certificate or key stops with the file named and how to recover", async () => {
    const dir = tlsDir();
    const good = await loadOrMakeCertificate(dir, subject, new Date());
    writeFileSync(join(dir, "cert.pem"), "garbage");
    const badCert = await failure(loadOrMakeCertificate(dir, subject, new Date()));
    expect(badCert).toBeInstanceOf(CertificateFileError);
    expect(badCert.message).toContain(`TLS certificate ${join(dir, "cert.pem")} is not a PEM`);
    expect(badCert.message).toContain(`delete ${dir}`);

    writeFileSync(join(dir, "cert.pem"), good.cert);
    writeFileSync(
      join(dir, "key.pem"),
      "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    );
    const badKey = await failure(loadOrMakeCertificate(dir, subject, new Date()));
    expect(badKey.message).toContain(`TLS key ${join(dir, "key.pem")} is not a PEM private key`);
  });

  test("a key of another certificate, or a missing half, is refused", async () => {
    const dir = tlsDir();
    await loadOrMakeCertificate(dir, subject, new Date());
    const other = tlsDir();
    const otherPair = await loadOrMakeCertificate(other, subject, new Date());
    writeFileSync(join(dir, "key.pem"), otherPair.key);
    const mismatch = await failure(loadOrMakeCertificate(dir, subject, new Date()));
    expect(mismatch.message).toContain("does not belong to the certificate");

    rmSync(join(dir, "key.pem"));
    const missing = await failure(loadOrMakeCertificate(dir, subject, new Date()));
    expect(missing.message).toContain(`TLS key ${join(dir, "key.pem")} is missing`);
  });
});

describe("boxSubject", () => {
  test("host names go to DNS names, addresses to IP names, each once", () => {
    expect(boxSubject("pbx", ["10.0.0.2", "10.0.0.2", "::1", "pbx.example.com"])).toEqual({
      commonName: "pbx",
      dnsNames: ["pbx", "pbx.local", "localhost", "pbx.example.com"],
      ipAddresses: ["10.0.0.2", "::1"],
    });
  });
});
