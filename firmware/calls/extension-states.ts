// Extension state for BLF and the status pages (RFC 4235's dialog states reduced to what a
// lamp shows): busy while the extension dials or talks, ringing while only alerting, idle
// otherwise. Several calls can touch one extension; the state is taken over all of them.

import type { EventBus } from "../events/event-bus.ts";

export type ExtensionRole = "busy" | "ringing";
export type ExtensionState = "idle" | "ringing" | "busy";

export class ExtensionStates {
  readonly #roles = new Map<string, Map<string, ExtensionRole>>();
  readonly #emit: (extension: string, state: ExtensionState) => void;

  constructor(events: EventBus, now: () => number) {
    this.#emit = (extension, state) =>
      events.emit({ type: "extension-state", extension, state, atMs: now() });
  }

  /** Sets (or with undefined clears) an extension's role in one call. */
  set(extension: string, callId: string, role: ExtensionRole | undefined): void {
    const before = this.state(extension);
    let calls = this.#roles.get(extension);
    if (role === undefined) {
      calls?.delete(callId);
      if (calls?.size === 0) this.#roles.delete(extension);
    } else {
      if (!calls) {
        calls = new Map();
        this.#roles.set(extension, calls);
      }
      calls.set(callId, role);
    }
    const after = this.state(extension);
    if (after !== before) this.#emit(extension, after);
  }

  state(extension: string): ExtensionState {
    const calls = this.#roles.get(extension);
    if (!calls) return "idle";
    let ringing = false;
    for (const role of calls.values()) {
      if (role === "busy") return "busy";
      ringing = true;
    }
    return ringing ? "ringing" : "idle";
  }
}
