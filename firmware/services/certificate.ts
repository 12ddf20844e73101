// The box's own TLS certificate (SPEC WEB-2), made once at first boot: a self-signed X.509 v3
// certificate (RFC 5280) on an ECDSA P-256 key, naming the box's host names and addresses
// so a browser or phone reaching it by any of them sees its own address in the certificate.
// Encoded by @peculiar/x509 over WebCrypto (works in Bun and in the compiled binary).

import type * as X509 from "@peculiar/x509";

export interface Certificate {
  cert: string;
  key: string;
}

export interface CertificateSubject {
  commonName: string;
  /** DNS subjectAltNames (host name, localhost...). */
  dnsNames: readonly string[];
  /** IP subjectAltNames, IPv4 and IPv6. */
  ipAddresses: readonly string[];
}

const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

/** A self-signed certificate for `subject`, valid `years` years from `now`. */
export async function makeSelfSignedCertificate(
  subject: CertificateSubject,
  now: Date,
  years = 20,
): Promise<Certificate> {
  const x509 = await x509Library();
  const keys = await crypto.subtle.generateKey(ECDSA_P256, true, ["sign", "verify"]);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);
  const serial = crypto.getRandomValues(new Uint8Array(16));
  serial[0]! &= 0x7f; // RFC 5280 4.1.2.2: a positive integer
  const names: X509.JsonGeneralName[] = [
    ...subject.dnsNames.map((value) => ({ type: "dns" as const, value })),
    ...subject.ipAddresses.map((value) => ({ type: "ip" as const, value })),
  ];
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(serial).toString("hex"),
    name: [{ CN: [subject.commonName] }],
    notBefore: now,
    notAfter,
    signingAlgorithm: ECDSA_P256,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
    ],
  });
  const pkcs8 = await crypto.subtle.exportKey("pkcs8", keys.privateKey);
  return {
    cert: cert.toString("pem"),
    key: x509.PemConverter.encode(pkcs8, "PRIVATE KEY"),
  };
}

/**
 * @peculiar/x509, loaded after the Reflect API polyfill its dependency injection needs. Both
 * are loaded here, in this order, because a bundler may reorder side-effect-only imports.
 */
async function x509Library(): Promise<typeof X509> {
  await import("reflect-metadata");
  const x509 = await import("@peculiar/x509");
  x509.cryptoProvider.set(crypto);
  return x509;
}
