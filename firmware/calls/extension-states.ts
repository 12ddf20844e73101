// Extension state for BLF and the status pages (RFC 4235's dialog states reduced to what a
// lamp shows): busy while the extension dials or talks, ringing while only alerting, idle
// otherwise. Several calls can touch one extension; the state is taken over all of them.

import type { EventBus, ExtensionPeer } from "../events/event-bus.ts";

export type ExtensionRole = "busy" | "ringing";
export type ExtensionState = "idle" | "ringing" | "busy";

export class ExtensionStates {
  readonly #roles = new Map<string, Map<string, ExtensionRole>>();
  readonly #peers = new Map<string, ExtensionPeer>();
  readonly #emit: (extension: string, state: ExtensionState) => void;

  constructor(events: EventBus, now: () => number) {
    this.#emit = (extension, state) => {
      const peer = state === "idle" ? undefined : this.#peerOf(extension, state);
      events.emit({
        type: "extension-state",
        extension,
        state,
        ...(peer && { peer }),
        atMs: now(),
      });
    };
  }

  /**
   * Sets (or with undefined clears) an extension's role in one call; `peer` is the other
   * party of that call, which BLF shows (who rings 2001, whom 2001 talks to).
   */
  set(
    extension: string,
    callId: string,
    role: ExtensionRole | undefined,
    peer?: ExtensionPeer,
  ): void {
    const before = this.state(extension);
    const peerKey = `${extension}\n${callId}`;
    if (role === undefined || !peer) this.#peers.delete(peerKey);
    else this.#peers.set(peerKey, peer);
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

  /** The peer of a call that gives the extension its state. */
  #peerOf(extension: string, state: ExtensionRole): ExtensionPeer | undefined {
    for (const [callId, role] of this.#roles.get(extension) ?? [])
      if (role === state) return this.#peers.get(`${extension}\n${callId}`);
    return undefined;
  }
}

/** The other party of `call` as seen from `leg`: the callee for the caller, else the caller. */
export function peerOf(
  call: { callingLeg: unknown; caller: { number: string; displayName: string }; callee: string },
  leg: unknown,
): ExtensionPeer {
  if (leg === call.callingLeg) return { number: call.callee, direction: "initiator" };
  const { number, displayName } = call.caller;
  return { number, ...(displayName && { displayName }), direction: "recipient" };
}
