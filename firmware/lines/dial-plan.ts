// When an analog phone has dialled enough (SPEC DEV-2 "DTMF", CALL-1): collection ends at once
// on a complete number that nothing longer could follow, on "#" (the common "send" key), or
// after the inter-digit timeout. Open prefixes (the outbound prefix 9) keep collection open so
// "90" is not taken for conference room 90 while an external number is being dialled.

export interface DialPlan {
  /** The number to dial now, or null to keep collecting. */
  complete(digits: string): string | null;
}

export interface NumberDialPlanOptions {
  /** Every number dialable inside the box: extensions, departments, feature codes, rooms. */
  readonly numbers: () => Iterable<string>;
  /** Prefixes followed by numbers of any length (outbound prefixes). */
  readonly openPrefixes?: () => Iterable<string>;
}

/** A dial plan over the box's known numbers. */
export function numberDialPlan(o: NumberDialPlanOptions): DialPlan {
  return {
    complete(digits) {
      if (digits === "") return null;
      const numbers = new Set(o.numbers());
      if (digits.endsWith("#")) {
        if (numbers.has(digits)) return digits;
        const body = digits.slice(0, -1);
        return body === "" ? null : body;
      }
      if (!numbers.has(digits)) return null;
      for (const n of numbers) if (n.length > digits.length && n.startsWith(digits)) return null;
      for (const p of o.openPrefixes?.() ?? []) if (digits.startsWith(p)) return null;
      return digits;
    },
  };
}
