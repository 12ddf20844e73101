// The certificate HTTPS, SIP over TLS and WSS present, kept in <data>/tls: made at first boot,
// checked at every boot so a damaged file stops the box with a clear line instead of a TLS
// library error (or a server that accepts connections and fails every handshake).

import { createPrivateKey, X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import type { Certificate, CertificateSubject } from "./certificate.ts";

/** A certificate or key file that is unreadable, damaged, or not a matching pair. */
export class CertificateFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CertificateFileError";
  }
}

/** The certificate in `dir`, made for `subject` (the first time) when there is none. */
export async function loadOrMakeCertificate(
  dir: string,
  subject: () => CertificateSubject,
  now: Date,
): Promise<Certificate> {
  const certPath = join(dir, "cert.pem");
  const keyPath = join(dir, "key.pem");
  if (existsSync(certPath) || existsSync(keyPath)) return readCertificate(dir, certPath, keyPath);
  mkdirSync(dir, { recursive: true });
  // Loaded only here: most boots find the certificate made and never need the encoder.
  const { makeSelfSignedCertificate } = await import("./certificate.ts");
  const made = await makeSelfSignedCertificate(subject(), now);
  // Key first, each written to a temporary name and renamed, so a power cut leaves either
  // no certificate (made again) or a whole one.
  writeFileSync(`${keyPath}.tmp`, made.key, { mode: 0o600 });
  renameSync(`${keyPath}.tmp`, keyPath);
  writeFileSync(`${certPath}.tmp`, made.cert);
  renameSync(`${certPath}.tmp`, certPath);
  return made;
}

/** The names a box's certificate lists: its host name, localhost and every address given. */
export function boxSubject(hostName: string, addresses: readonly string[]): CertificateSubject {
  const extraNames = addresses.filter((a) => !isIP(a));
  return {
    commonName: hostName,
    dnsNames: [...new Set([hostName, "pbx.local", "localhost", ...extraNames])],
    ipAddresses: [...new Set(addresses.filter((a) => isIP(a)))],
  };
}

function readCertificate(dir: string, certPath: string, keyPath: string): Certificate {
  const remedy = `put a valid pair there, or delete ${dir} to have a new self-signed one made at the next start`;
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path, "utf8");
    } catch (error) {
      const reason = (error as { code?: string }).code === "ENOENT" ? "missing" : "unreadable";
      throw new CertificateFileError(`TLS ${what} ${path} is ${reason}: ${remedy}`);
    }
  };
  const cert = read(certPath, "certificate");
  const key = read(keyPath, "key");
  let parsed: X509Certificate;
  try {
    parsed = new X509Certificate(cert);
  } catch {
    throw new CertificateFileError(
      `TLS certificate ${certPath} is not a PEM certificate: ${remedy}`,
    );
  }
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new CertificateFileError(`TLS key ${keyPath} is not a PEM private key: ${remedy}`);
  }
  if (!parsed.checkPrivateKey(privateKey))
    throw new CertificateFileError(
      `TLS key ${keyPath} does not belong to the certificate ${certPath}: ${remedy}`,
    );
  return { cert, key };
}
