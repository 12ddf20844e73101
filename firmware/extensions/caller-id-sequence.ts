// SPEC EXT-3: bulk-added extensions get outbound caller IDs starting at a first one, either
// incremented by one for each extension or all the same. Arithmetic is on the digit string, so
// leading zeros and a leading "+" survive and long numbers do not lose precision.

/** `count` caller IDs starting at `first`. */
export function callerIdSequence(
  first: string,
  count: number,
  mode: "increment" | "same",
): string[] {
  if (first === "" || mode === "same") return Array.from({ length: count }, () => first);
  const plus = first.startsWith("+") ? "+" : "";
  const digits = plus ? first.slice(1) : first;
  const start = BigInt(digits);
  return Array.from({ length: count }, (_, i) => {
    return plus + (start + BigInt(i)).toString().padStart(digits.length, "0");
  });
}
