// An ordered header list (RFC 3261 §7.3). Order matters for Via, Route and Record-Route, so
// values are kept in arrival order under their long lower-case name.

import { LIST_HEADERS } from "./header-names.ts";
import { splitOutside } from "./params.ts";

export class SipHeaders {
  readonly names: string[] = [];
  readonly values: string[] = [];

  /** The first value of a header, as written. */
  get(name: string): string | undefined {
    const i = this.names.indexOf(name);
    return i < 0 ? undefined : this.values[i];
  }

  has(name: string): boolean {
    return this.names.includes(name);
  }

  /** How many header lines carry this name (a list header may carry several values a line). */
  lines(name: string): number {
    let n = 0;
    for (const each of this.names) if (each === name) n++;
    return n;
  }

  /** Every value, list headers split at their commas; undefined when a quote is left open. */
  getAll(name: string): string[] {
    const out: string[] = [];
    const split = LIST_HEADERS.has(name);
    for (let i = 0; i < this.names.length; i++) {
      if (this.names[i] !== name) continue;
      const value = this.values[i]!;
      if (!split || !value.includes(",")) {
        out.push(value);
        continue;
      }
      for (const part of splitOutside(value, ",") ?? [value]) {
        const trimmed = part.trim();
        if (trimmed !== "") out.push(trimmed);
      }
    }
    return out;
  }

  add(name: string, value: string): this {
    this.names.push(name);
    this.values.push(value);
    return this;
  }

  /** Puts a header line before all others of any name (a new top Via). */
  addFirst(name: string, value: string): this {
    this.names.unshift(name);
    this.values.unshift(value);
    return this;
  }

  /** Replaces every line of this name by one line. */
  set(name: string, value: string): this {
    this.remove(name);
    return this.add(name, value);
  }

  remove(name: string): this {
    for (let i = this.names.length - 1; i >= 0; i--) {
      if (this.names[i] === name) {
        this.names.splice(i, 1);
        this.values.splice(i, 1);
      }
    }
    return this;
  }

  /**
   * Replaces the first value of a list header (the top Via) where it stands, keeping the rest
   * of its line; adds the header when there is none.
   */
  replaceFirstValue(name: string, value: string): this {
    const i = this.names.indexOf(name);
    if (i < 0) return this.add(name, value);
    const line = this.values[i]!;
    if (!line.includes(",")) {
      this.values[i] = value;
      return this;
    }
    const parts = splitOutside(line, ",") ?? [line];
    this.values[i] = parts.length <= 1 ? value : `${value}, ${parts.slice(1).join(",").trim()}`;
    return this;
  }

  /** Removes the first value of a list header (the top Via), keeping the rest of its line. */
  removeFirstValue(name: string): this {
    const i = this.names.indexOf(name);
    if (i < 0) return this;
    const parts = splitOutside(this.values[i]!, ",") ?? [];
    if (parts.length <= 1) {
      this.names.splice(i, 1);
      this.values.splice(i, 1);
    } else {
      this.values[i] = parts.slice(1).join(",").trim();
    }
    return this;
  }

  clone(): SipHeaders {
    const copy = new SipHeaders();
    copy.names.push(...this.names);
    copy.values.push(...this.values);
    return copy;
  }
}
