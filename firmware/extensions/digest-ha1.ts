// RFC 7616 section 3.4.2 (and RFC 2617 section 3.2.2.2): HA1 = H(username ":" realm ":" password),
// for MD5 and SHA-256, precomputed so the registrar answers a REGISTER without hashing the secret.
// Computed by the digest code of the SIP stack (`ha1()` from sip/auth), the same code that checks it.

import { ha1 } from "../sip/auth/digest-hash.ts";

/** HA1 values of an extension in a realm. */
export interface DigestHa1 {
  md5: string;
  sha256: string;
}

/** HA1 in hex for both algorithms the registrar offers. */
export function digestHa1(username: string, realm: string, password: string): DigestHa1 {
  return {
    md5: ha1(username, realm, password, "MD5"),
    sha256: ha1(username, realm, password, "SHA-256"),
  };
}
