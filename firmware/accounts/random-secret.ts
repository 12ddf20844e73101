// Secrets of the web login: session tokens (32 random bytes, base64url, RFC 4648 section 5) and
// the first admin's generated password. Drawn from the OS CSPRNG.
import { randomBytes, randomInt } from "node:crypto";

// No 0/O, 1/l/I: the first admin password is read off a console or a label and typed by hand.
const READABLE = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** An opaque session token: 32 random bytes in base64url (43 characters). */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** A random password of `lengthChars` unambiguous letters and digits. */
export function readablePassword(lengthChars = 16): string {
  let out = "";
  for (let i = 0; i < lengthChars; i++) out += READABLE[randomInt(READABLE.length)];
  return out;
}

/** Hex SHA-256 of `text`: how tokens are stored, so the database never holds a live one. */
export function sha256Hex(text: string): string {
  return new Bun.CryptoHasher("sha256").update(text).digest("hex");
}
