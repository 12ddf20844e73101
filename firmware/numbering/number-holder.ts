// The vocabulary of the numbering registry: who holds a number, how a new number clashes with
// it, and the provider interface each kind of dialable thing (extensions, departments, feature
// codes, later IVRs, queues, inbound routes) implements to take part.

/** What kind of thing answers a number; the web UI translates a refusal by this. */
export type HolderKind =
  | "extension"
  | "analog"
  | "department"
  | "feature-code"
  | "conference-room"
  | "park-slot"
  | "outbound-prefix"
  | "outbound-route"
  | (string & {});

/** One number the box answers. */
export interface NumberHolder {
  kind: HolderKind;
  number: string;
  /** The holder's own name (display name, alias, department name, feature id), maybe "". */
  name: string;
  /** How an English message names it: "FXS port 1", "conference room 91". */
  label: string;
  /** True when everything dialled after it belongs to it too (a prefix, a code + argument). */
  prefix: boolean;
  /** Made by the box from the manual's defaults, not by the admin (rooms, slots, prefixes). */
  builtIn?: boolean;
  /**
   * For a holder whose numbers are a pattern (an outbound route: its prefix, then its dial
   * patterns): whether it takes `number`. Such a holder meets a number only this way.
   */
  covers?(number: string): boolean;
}

/** A source of holders. Read on every check, so it always reflects the current data. */
export interface NumberProvider {
  holders(): Iterable<NumberHolder>;
}

/** How a candidate meets a holder: the same number, under its prefix, or over it. */
export type ClashMatch = "exact" | "starts-with" | "prefix-of";

/** Why a number cannot be used; `params` goes to the API so the UI can translate it. */
export interface NumberClash {
  number: string;
  holder: NumberHolder;
  match: ClashMatch;
  message: string;
  params: {
    holder: { kind: HolderKind; number: string; name: string };
    match: ClashMatch;
  };
}

/** The params of any "taken" refusal: who holds it, and how it meets the candidate. */
export type TakenParams = {
  holder: { kind: HolderKind; number: string; name: string };
  match?: ClashMatch;
};

/** What is asked about candidate numbers. */
export interface ClashQuery {
  /** The kind the candidates would be; feature codes among themselves follow their own rule. */
  kind?: HolderKind;
  /** The candidates are prefixes (a code that takes an argument, an outbound prefix). */
  prefix?: boolean;
  /** The holder being edited, which may keep its own number. */
  self?: { kind: HolderKind; number: string };
  /** Holders of these kinds may share or nest with the candidates (prefixes among prefixes). */
  besides?: readonly HolderKind[];
}

/** The registry as the services that create numbers see it (declared by its consumers' needs). */
export interface NumberingCheck {
  /** The first candidate, in order, that is taken or shadowed, with its holder. */
  firstClash(numbers: readonly string[], query?: ClashQuery): NumberClash | undefined;
}
