// RFC 7616 section 3.4.2 (and RFC 2617 section 3.2.2.2): HA1 = H(username ":" realm ":" password),
// for MD5 and SHA-256, precomputed so the registrar answers a REGISTER without hashing the secret.

/** HA1 values of an extension in a realm. */
export interface DigestHa1 {
  md5: string;
  sha256: string;
}

/** HA1 in hex for both algorithms the registrar offers. */
export function digestHa1(username: string, realm: string, password: string): DigestHa1 {
  const a1 = `${username}:${realm}:${password}`;
  return {
    md5: new Bun.CryptoHasher("md5").update(a1).digest("hex"),
    sha256: new Bun.CryptoHasher("sha256").update(a1).digest("hex"),
  };
}
