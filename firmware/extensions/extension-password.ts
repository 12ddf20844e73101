// SPEC EXT-2: extension passwords use letters, digits and the symbols - _ $ + ! @ # % . * ;
// a remote extension (registering from outside the LAN) needs 6+ characters mixing letters,
// digits and symbols. Generated passwords are drawn with crypto randomness (node:crypto
// randomInt, which rejects biased samples) and always satisfy the remote rule.
import { randomInt } from "node:crypto";

export const EXTENSION_PASSWORD_SYMBOLS = "-_$+!@#%.*";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const ALPHABET = LOWER + UPPER + DIGITS + EXTENSION_PASSWORD_SYMBOLS;
const ALLOWED = /^[A-Za-z0-9\-_$+!@#%.*]*$/;

export const EXTENSION_PASSWORD_MIN_CHARS = 4;
export const EXTENSION_PASSWORD_MAX_CHARS = 64;
export const REMOTE_PASSWORD_MIN_CHARS = 6;
export const GENERATED_PASSWORD_CHARS = 12;

/** Why `password` cannot be an extension password, or undefined when it can. */
export function extensionPasswordProblem(password: string): string | undefined {
  if (password.length < EXTENSION_PASSWORD_MIN_CHARS) {
    return `must be at least ${EXTENSION_PASSWORD_MIN_CHARS} characters`;
  }
  if (password.length > EXTENSION_PASSWORD_MAX_CHARS) {
    return `must be at most ${EXTENSION_PASSWORD_MAX_CHARS} characters`;
  }
  if (!ALLOWED.test(password)) {
    return `may contain only letters, digits and ${EXTENSION_PASSWORD_SYMBOLS.split("").join(" ")}`;
  }
  return undefined;
}

/** True when `password` is strong enough for a remote extension. */
export function isRemoteGradePassword(password: string): boolean {
  return (
    password.length >= REMOTE_PASSWORD_MIN_CHARS &&
    ALLOWED.test(password) &&
    /[A-Za-z]/.test(password) &&
    /[0-9]/.test(password) &&
    /[-_$+!@#%.*]/.test(password)
  );
}

function pick(chars: string): string {
  return chars[randomInt(chars.length)]!;
}

/** A fresh password with at least one lower case, upper case, digit and symbol. */
export function generateExtensionPassword(lengthChars = GENERATED_PASSWORD_CHARS): string {
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(EXTENSION_PASSWORD_SYMBOLS)];
  while (chars.length < lengthChars) chars.push(pick(ALPHABET));
  // Fisher-Yates, so the guaranteed classes do not always sit in the first four places.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}

/** A random numeric PIN of `digits` digits (voicemail PINs). */
export function generatePin(digits = 4): string {
  let pin = "";
  for (let i = 0; i < digits; i++) pin += pick(DIGITS);
  return pin;
}
