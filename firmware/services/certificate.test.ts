import { describe, expect, test } from "bun:test";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { makeSelfSignedCertificate } from "./certificate.ts";

/** node:crypto's own parser (not the encoder's) reads back what was made. */
function altNames(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? "").split(", ");
}

describe("makeSelfSignedCertificate", () => {
  test("names every host name and IPv4/IPv6 address given, and its key signs it", async () => {
    const now = new Date("2026-03-01T00:00:00Z");
    const made = await makeSelfSignedCertificate(
      {
        commonName: "office-pbx",
        dnsNames: ["office-pbx", "localhost"],
        ipAddresses: ["192.168.1.20", "127.0.0.1", "fd00::20", "::1"],
      },
      now,
    );
    const cert = new X509Certificate(made.cert);
    expect(cert.subject).toBe("CN=office-pbx");
    expect(cert.issuer).toBe("CN=office-pbx");
    expect(altNames(cert).sort()).toEqual(
      [
        "DNS:office-pbx",
        "DNS:localhost",
        "IP Address:192.168.1.20",
        "IP Address:127.0.0.1",
        "IP Address:FD00:0:0:0:0:0:0:20",
        "IP Address:0:0:0:0:0:0:0:1",
      ].sort(),
    );
    expect(cert.ca).toBe(false);
    expect(cert.checkPrivateKey(createPrivateKey(made.key))).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(new Date(cert.validFrom).getTime()).toBe(now.getTime());
    expect(new Date(cert.validTo).getUTCFullYear()).toBe(2046);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
  });

  test("each certificate has its own key and serial number", async () => {
    const subject = { commonName: "pbx", dnsNames: ["pbx"], ipAddresses: [] };
    const a = new X509Certificate((await makeSelfSignedCertificate(subject, new Date())).cert);
    const b = new X509Certificate((await makeSelfSignedCertificate(subject, new Date())).cert);
    expect(a.serialNumber).not.toBe(b.serialNumber);
    expect(a.fingerprint256).not.toBe(b.fingerprint256);
  });
});
