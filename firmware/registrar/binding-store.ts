// RFC 3261 §10.3 location service: the contacts each extension has registered, with expiry.
// Bindings are kept in memory (they are refreshed every couple of minutes by the phones).
// An extension has at most `maxBindings` contacts; a new one beyond that replaces the oldest,
// so a phone whose address changed is never locked out by its own stale binding.

import type { Flow } from "../sip/transport/transport.ts";

export interface Binding {
  extension: string;
  /** The contact URI (what goes inside <> when the box calls the phone). */
  uri: string;
  /** Contact header parameters other than expires (q, +sip.instance, reg-id...). */
  params: Map<string, string>;
  expiresAtMs: number;
  callId: string;
  cseq: number;
  /** Where the REGISTER really came from: requests to the phone go there (NAT, RFC 3581). */
  flow: Flow;
  userAgent?: string;
  registeredAtMs: number;
  reachable: boolean;
  rttMs?: number;
}

export type BindingChange =
  | { kind: "added" | "refreshed"; binding: Binding }
  | { kind: "removed" | "expired" | "replaced"; binding: Binding };

export class BindingStore {
  readonly #byExtension = new Map<string, Binding[]>();
  /** Bindings per source address: whom the SIP stack keeps serving under load. */
  readonly #byAddress = new Map<string, number>();

  /** Whether a phone is registered from `address`. */
  hasAddress(address: string): boolean {
    return this.#byAddress.has(address);
  }

  #count(binding: Binding, delta: 1 | -1): void {
    const address = binding.flow.address;
    const n = (this.#byAddress.get(address) ?? 0) + delta;
    if (n > 0) this.#byAddress.set(address, n);
    else this.#byAddress.delete(address);
  }

  /** Current bindings of an extension (expired ones are dropped by sweep()). */
  get(extension: string): readonly Binding[] {
    return this.#byExtension.get(extension) ?? [];
  }

  /** All bindings of all extensions. */
  *all(): IterableIterator<Binding> {
    for (const list of this.#byExtension.values()) yield* list;
  }

  get extensionCount(): number {
    return this.#byExtension.size;
  }

  /** Adds or refreshes a binding, evicting the oldest beyond the limit. */
  upsert(binding: Binding, maxBindings: number): BindingChange[] {
    const list = this.#byExtension.get(binding.extension) ?? [];
    const index = list.findIndex((b) => sameContact(b, binding));
    if (index >= 0) {
      const previous = list[index]!;
      binding.registeredAtMs = previous.registeredAtMs;
      list[index] = binding;
      if (previous.flow.address !== binding.flow.address) {
        this.#count(previous, -1);
        this.#count(binding, 1);
      }
      return [{ kind: "refreshed", binding }];
    }
    const changes: BindingChange[] = [];
    list.push(binding);
    this.#count(binding, 1);
    while (list.length > Math.max(1, maxBindings)) {
      const oldest = list.shift()!;
      this.#count(oldest, -1);
      changes.push({ kind: "replaced", binding: oldest });
    }
    this.#byExtension.set(binding.extension, list);
    changes.push({ kind: "added", binding });
    return changes;
  }

  remove(extension: string, uri: string): Binding | undefined {
    const list = this.#byExtension.get(extension);
    const index = list?.findIndex((b) => b.uri === uri) ?? -1;
    if (!list || index < 0) return undefined;
    const [removed] = list.splice(index, 1);
    this.#count(removed!, -1);
    if (list.length === 0) this.#byExtension.delete(extension);
    return removed;
  }

  removeAll(extension: string): Binding[] {
    const list = this.#byExtension.get(extension) ?? [];
    this.#byExtension.delete(extension);
    for (const b of list) this.#count(b, -1);
    return list;
  }

  /** Drops bindings whose expiry has passed and returns them. */
  sweep(nowMs: number): Binding[] {
    const expired: Binding[] = [];
    for (const [extension, list] of this.#byExtension) {
      const kept = list.filter((b) => {
        if (b.expiresAtMs > nowMs) return true;
        expired.push(b);
        this.#count(b, -1);
        return false;
      });
      if (kept.length === 0) this.#byExtension.delete(extension);
      else if (kept.length !== list.length) this.#byExtension.set(extension, kept);
    }
    return expired;
  }
}

/** RFC 3261 §10.3 step 7: a binding is the same when the contact URIs match (or the
 *  RFC 5626 instance id does). */
function sameContact(a: Binding, b: Binding): boolean {
  const instance = a.params.get("+sip.instance");
  if (instance !== undefined && instance === b.params.get("+sip.instance")) return true;
  return a.uri === b.uri;
}
