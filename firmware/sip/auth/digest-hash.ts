// RFC 7616 §3.4.1 (response), §3.4.2 (A1, including the -sess variants), §3.4.3 (A2 for qop=auth
// and auth-int), RFC 2617 §3.2.2.1 / RFC 2069 (response without qop), RFC 8760 §2.2 (SHA-256
// and SHA-512/256 for SIP). Hashes are lower-case hex, as §3.4.1 requires.

/** Algorithm names as they appear in the algorithm= parameter. */
export type DigestAlgorithm =
  | "MD5"
  | "MD5-sess"
  | "SHA-256"
  | "SHA-256-sess"
  | "SHA-512-256"
  | "SHA-512-256-sess";

export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = [
  "MD5",
  "MD5-sess",
  "SHA-256",
  "SHA-256-sess",
  "SHA-512-256",
  "SHA-512-256-sess",
];

type HashName = "md5" | "sha256" | "sha512-256";

/** Hex length of each algorithm's output, to reject wrong-length responses cheaply. */
export function digestHexLength(algorithm: DigestAlgorithm): number {
  return algorithm.startsWith("MD5") ? 32 : 64;
}

/** Case-insensitive lookup (RFC 7616 §3.3: algorithm values are case-insensitive tokens). */
export function parseAlgorithm(text: string | undefined): DigestAlgorithm | undefined {
  // RFC 7616 §3.3: "If this is not present, it is assumed to be MD5".
  if (text === undefined) return "MD5";
  const upper = text.toUpperCase();
  return DIGEST_ALGORITHMS.find((a) => a.toUpperCase() === upper);
}

function hashName(algorithm: DigestAlgorithm): HashName {
  if (algorithm.startsWith("MD5")) return "md5";
  return algorithm.startsWith("SHA-256") ? "sha256" : "sha512-256";
}

/** H(data) as lower-case hex. */
export function hashHex(algorithm: DigestAlgorithm, data: string): string {
  return Bun.CryptoHasher.hash(hashName(algorithm), data, "hex");
}

function isSess(algorithm: DigestAlgorithm): boolean {
  return algorithm.endsWith("-sess");
}

/**
 * HA1 = H(username:realm:password), what a registrar stores instead of the password. For a
 * -sess algorithm this is the stored part; the session key adds nonce and cnonce per request.
 */
export function ha1(
  username: string,
  realm: string,
  password: string,
  algorithm: DigestAlgorithm = "MD5",
): string {
  return hashHex(algorithm, `${username}:${realm}:${password}`);
}

export interface DigestInput {
  algorithm: DigestAlgorithm;
  /** H(username:realm:password) for this algorithm. */
  ha1: string;
  method: string;
  uri: string;
  nonce: string;
  /** "auth", "auth-int", or undefined for RFC 2069 style. */
  qop?: string;
  /** Eight hex digits as sent on the wire. */
  nc?: string;
  cnonce?: string;
  /** Message body, needed only for auth-int. */
  body?: string;
}

/** The request-digest of RFC 7616 §3.4.1, as lower-case hex. */
export function digestResponse(input: DigestInput): string {
  const { algorithm, method, uri, nonce, qop } = input;
  let key = input.ha1;
  if (isSess(algorithm)) key = hashHex(algorithm, `${key}:${nonce}:${input.cnonce ?? ""}`);
  const a2 =
    qop === "auth-int"
      ? `${method}:${uri}:${hashHex(algorithm, input.body ?? "")}`
      : `${method}:${uri}`;
  const ha2 = hashHex(algorithm, a2);
  if (qop === undefined) return hashHex(algorithm, `${key}:${nonce}:${ha2}`);
  return hashHex(
    algorithm,
    `${key}:${nonce}:${input.nc ?? ""}:${input.cnonce ?? ""}:${qop}:${ha2}`,
  );
}

/** Compares two hex strings without an early exit, so timing does not leak the prefix. */
export function equalHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
