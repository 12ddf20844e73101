// RFC 3261 section 10.3 (registrar authentication), SPEC EXT-2: the registrar's read path.
// REGISTER arrives at up to ~17,000 per second, so lookups are one Map.get, never SQL; the map
// is patched from the rows of each committed change the extension service reports.
import type { ExtensionAuth, ExtensionChange } from "./extension-types.ts";

/** Where the directory reads entries and learns of changes (ExtensionService satisfies it). */
export interface ExtensionAuthSource {
  readonly realm: string;
  authEntries(numbers?: readonly string[]): ExtensionAuth[];
  onChange(listener: (change: ExtensionChange) => void): () => void;
}

/** In-memory map of extension number to the registrar's authentication data. */
export class ExtensionDirectory {
  private readonly entries = new Map<string, ExtensionAuth>();
  private readonly listeners = new Set<(change: ExtensionChange) => void>();
  private readonly unsubscribe: () => void;

  constructor(private readonly source: ExtensionAuthSource) {
    for (const entry of source.authEntries()) this.entries.set(entry.number, entry);
    this.unsubscribe = source.onChange((change) => this.apply(change));
  }

  /** The digest realm the HA1 values belong to. */
  get realm(): string {
    return this.source.realm;
  }

  /** Number of extensions known. */
  get size(): number {
    return this.entries.size;
  }

  /** Authentication data of `number`, or undefined when no such extension exists. */
  lookup(number: string): ExtensionAuth | undefined {
    return this.entries.get(number);
  }

  /** Calls `listener` after the map reflects a change (deleted: drop bindings; updated: re-auth). */
  onChange(listener: (change: ExtensionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops following the source. */
  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  private apply(change: ExtensionChange): void {
    if (change.kind === "deleted") {
      for (const number of change.numbers) this.entries.delete(number);
    } else {
      for (const number of change.numbers) this.entries.delete(number);
      for (const entry of this.source.authEntries(change.numbers)) {
        this.entries.set(entry.number, entry);
      }
    }
    for (const listener of this.listeners) listener(change);
  }
}
