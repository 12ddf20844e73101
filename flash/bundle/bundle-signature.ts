// Ed25519 (RFC 8032) over the manifest's exact bytes, through WebCrypto: no hand-written crypto.
// Keys travel as raw 32-byte public keys (base64) and PKCS #8 PEM private keys, as
// `openssl genpkey -algorithm ed25519` writes them.

export const SIGNATURE_BYTES = 64;

/** Imports a raw 32-byte Ed25519 public key given in base64. */
export function importPublicKey(base64: string): Promise<CryptoKey> {
  const raw = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, true, ["verify"]);
}

/** Imports a PKCS #8 PEM Ed25519 private key ("-----BEGIN PRIVATE KEY-----"). */
export function importPrivateKeyPem(pem: string): Promise<CryptoKey> {
  const body = pem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, "").replace(/\s+/g, "");
  const der = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
  return crypto.subtle.importKey("pkcs8", der, { name: "Ed25519" }, true, ["sign"]);
}

/** The raw public key (base64) of a private key, for checking a key pair belongs together. */
export async function publicKeyOf(privateKey: CryptoKey): Promise<string> {
  const jwk = await crypto.subtle.exportKey("jwk", privateKey);
  const x = (jwk.x ?? "").replace(/-/g, "+").replace(/_/g, "/");
  return x.padEnd(Math.ceil(x.length / 4) * 4, "=");
}

export async function signManifest(
  privateKey: CryptoKey,
  manifest: Uint8Array,
): Promise<Uint8Array> {
  return new Uint8Array(
    await crypto.subtle.sign("Ed25519", privateKey, manifest as Uint8Array<ArrayBuffer>),
  );
}

export function verifyManifest(
  publicKey: CryptoKey,
  manifest: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  if (signature.length !== SIGNATURE_BYTES) return Promise.resolve(false);
  return crypto.subtle.verify(
    "Ed25519",
    publicKey,
    signature as Uint8Array<ArrayBuffer>,
    manifest as Uint8Array<ArrayBuffer>,
  );
}
