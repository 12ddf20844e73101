// SPEC CALL-17 "caller name from the phonebook": an outside caller's number looked up among the
// shared contacts, so the called phone shows who calls instead of digits. Numbers are compared
// by their digits only ("010-8888 6666" is 01088886666); a carrier that sends the number with
// or without the country or trunk prefix (+86 138..., 0138..., 138...) still matches, as long
// as the common tail is long enough not to be a coincidence.
import type { ContactRecord } from "./contact-store.ts";
import { NUMBER_FIELDS } from "./contact-store.ts";

/** The shortest common tail that names a number (a local number without its area code). */
const MIN_TAIL_DIGITS = 7;

const digitsOf = (number: string) => number.replace(/[^0-9]/g, "");

/** Whether two numbers are the same line: equal digits, or one ends with the other's 7+. */
export function sameNumber(a: string, b: string): boolean {
  const x = digitsOf(a);
  const y = digitsOf(b);
  if (x === "" || y === "") return false;
  if (x === y) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return short.length >= MIN_TAIL_DIGITS && long.endsWith(short);
}

/**
 * The name of the shared contact with `number` among its numbers; private contacts stay their
 * owner's (a call from outside is not yet anyone's). An exact match beats a tail match.
 */
export function callerNameOf(
  contacts: readonly Pick<ContactRecord, "name" | "owner" | "office" | "mobile" | "other">[],
  number: string,
): string | undefined {
  const digits = digitsOf(number);
  if (digits.length === 0) return undefined;
  const shared = contacts.filter((c) => c.owner === null);
  const numbers = (c: (typeof shared)[number]) => NUMBER_FIELDS.map((f) => c[f]).filter(Boolean);
  const exact = shared.find((c) => numbers(c).some((n) => digitsOf(n) === digits));
  if (exact) return exact.name;
  return shared.find((c) => numbers(c).some((n) => sameNumber(n, number)))?.name;
}
