// One registry of every number the box answers (SPEC EXT-1..5, CALL-5, CALL-9, ROUTE-2): a new
// extension, department or feature code is refused when its number is taken or shadowed, and
// the refusal names the holder ("8001 is FXS port 1", "9123 starts with the outbound prefix 9").
import type {
  ClashMatch,
  ClashQuery,
  NumberClash,
  NumberHolder,
  NumberingCheck,
  NumberProvider,
} from "./number-holder.ts";

/** Holds the providers; answers whether numbers are free. */
export class NumberRegistry implements NumberingCheck {
  readonly #providers: NumberProvider[] = [];

  /** Adds a source of numbers (IVRs, queues and inbound routes join here when they exist). */
  register(...providers: NumberProvider[]): void {
    this.#providers.push(...providers);
  }

  /** Every number held now. */
  holders(): NumberHolder[] {
    return this.#providers.flatMap((p) => [...p.holders()]);
  }

  firstClash(numbers: readonly string[], query: ClashQuery = {}): NumberClash | undefined {
    const holders = this.holders().filter(
      (h) =>
        !(query.self && h.kind === query.self.kind && h.number === query.self.number) &&
        !query.besides?.includes(h.kind),
    );
    for (const number of numbers) {
      for (const holder of holders) {
        const match = matchOf(number, query, holder);
        if (match) return clashOf(number, holder, match);
      }
    }
    return undefined;
  }

  /**
   * Numbers that clash in the data as it stands (a database from before the registry): each
   * pair once. Pairs of built-in numbers are left out: the manual itself puts conference rooms
   * 90-99 under the outbound prefix 9, and the dial plan tells them apart.
   */
  clashes(): NumberClash[] {
    const holders = this.holders();
    const found: NumberClash[] = [];
    holders.forEach((a, i) => {
      for (const b of holders.slice(i + 1)) {
        if (a.builtIn && b.builtIn) continue;
        const match = matchOf(a.number, { kind: a.kind, prefix: a.prefix }, b);
        if (match) found.push(clashOf(a.number, b, match));
      }
    });
    return found;
  }
}

/**
 * How `number` meets `holder`. Feature codes among themselves: the dial plan takes an exact
 * code before a code with an argument (the manual's **11 beside **ext), so only two codes that
 * both take an argument, one starting the other, are ambiguous (equal codes the table refuses).
 */
function matchOf(number: string, query: ClashQuery, holder: NumberHolder): ClashMatch | undefined {
  if (number === holder.number) return "exact";
  if (holder.covers) return holder.covers(number) ? "starts-with" : undefined;
  const over = query.prefix === true && holder.number.startsWith(number);
  const under = holder.prefix && number.startsWith(holder.number);
  if (query.kind === "feature-code" && holder.kind === "feature-code") {
    if (!(query.prefix && holder.prefix)) return undefined;
  }
  if (under) return "starts-with";
  if (over) return "prefix-of";
  return undefined;
}

function clashOf(number: string, holder: NumberHolder, match: ClashMatch): NumberClash {
  return {
    number,
    holder,
    match,
    message: messageOf(number, holder, match),
    params: { holder: { kind: holder.kind, number: holder.number, name: holder.name }, match },
  };
}

function messageOf(number: string, holder: NumberHolder, match: ClashMatch): string {
  if (match === "starts-with") return `${number} starts with ${holder.label}`;
  if (match === "prefix-of") return `${number} is the start of ${holder.label}`;
  // The wording the extension pages have always shown for a number already in use.
  if (holder.kind === "extension") return `extension ${holder.number} already exists`;
  return `${number} is ${holder.label}`;
}
