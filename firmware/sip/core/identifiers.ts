// RFC 3261 §8.1.1.4, §8.1.1.7, §19.3: Call-IDs, branches and tags, random enough that
// they are globally unique and never guessable from one another.

import { randomBytes } from "node:crypto";
import { MAGIC_COOKIE } from "../message/via.ts";

/** Random bytes are drawn from the system in blocks: a tag per request adds up. */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let used = 0;

/** A fresh random token of `bytes` random bytes in base64url. */
export function randomToken(bytes = 8): string {
  if (used + bytes > pool.length) {
    pool = randomBytes(Math.max(POOL_BYTES, bytes));
    used = 0;
  }
  used += bytes;
  return pool.toString("base64url", used - bytes, used);
}

export function newBranch(): string {
  return MAGIC_COOKIE + randomToken(9);
}

export function newTag(): string {
  return randomToken(6);
}

export function newCallId(host: string): string {
  return `${randomToken(12)}@${host}`;
}
