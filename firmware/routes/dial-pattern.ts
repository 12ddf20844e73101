// SPEC ROUTE-2: dial patterns as PBX admins write them (Asterisk's convention, also used by
// the common IP-PBX web pages): X any digit, Z 1-9, N 2-9, [1-5] or [135] one of a set,
// "." one or more of anything, "!" zero or more, other characters (0-9 * # +) themselves.
// A leading "_" (Asterisk's marker) is accepted and ignored.

export type DialPatternResult =
  | { ok: true; test(number: string): boolean }
  | { ok: false; message: string };

const LITERAL = /[0-9*#+]/;

/** Compiles a pattern; a malformed one is an error value naming what is wrong. */
export function compileDialPattern(pattern: string): DialPatternResult {
  const source = pattern.startsWith("_") ? pattern.slice(1) : pattern;
  if (source.length === 0) return { ok: false, message: "is empty" };
  if (source.length > 40) return { ok: false, message: "is longer than 40 characters" };
  let regex = "";
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!.toUpperCase();
    if (c === "X") regex += "[0-9]";
    else if (c === "Z") regex += "[1-9]";
    else if (c === "N") regex += "[2-9]";
    else if (c === "." || c === "!") {
      if (i !== source.length - 1) return { ok: false, message: `has "${c}" before its end` };
      regex += c === "." ? ".+" : ".*";
    } else if (c === "[") {
      const end = source.indexOf("]", i);
      if (end < 0) return { ok: false, message: 'has "[" without "]"' };
      const set = source.slice(i + 1, end);
      if (!/^([0-9](-[0-9])?)+$/.test(set)) return { ok: false, message: `has a bad set [${set}]` };
      regex += `[${set}]`;
      i = end;
    } else if (LITERAL.test(c)) regex += c === "*" || c === "+" ? `\\${c}` : c;
    else
      return { ok: false, message: `has "${source[i]}", which is not a digit nor X Z N [ ] . !` };
  }
  const compiled = new RegExp(`^${regex}$`);
  return { ok: true, test: (number) => compiled.test(number) };
}

/** True when `number` matches `pattern`; a malformed pattern matches nothing. */
export function matchesDialPattern(pattern: string, number: string): boolean {
  const compiled = compileDialPattern(pattern);
  return compiled.ok && compiled.test(number);
}
