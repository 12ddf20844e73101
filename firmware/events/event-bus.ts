// One typed bus for registration, call and port state (DESIGN.md "Signalling and calls"):
// BLF/MWI, the web status pages, CDR and telemetry all subscribe here rather than to the
// modules that produce the events.

export type RegistrationState =
  | "registered"
  | "unregistered"
  | "expired"
  | "unreachable"
  | "reachable";

export interface RegistrationEvent {
  type: "registration";
  extension: string;
  state: RegistrationState;
  contact: string;
  /** Where the phone's packets come from (address:port, transport). */
  source: string;
  atMs: number;
}

export interface BanEvent {
  type: "ban";
  address: string;
  banned: boolean;
  reason: string;
  atMs: number;
}

/** An analog port changed state (SPEC STAT-3, DEV-6): "fxs1", "fxo2", ... */
export interface PortEvent {
  type: "port";
  port: string;
  kind: "fxs" | "fxo";
  index: number;
  state: "idle" | "off-hook" | "ringing" | "in-use" | "faulty";
  /** Why a faulty port is faulty. */
  reason?: string;
  atMs: number;
}

/**
 * An analog port's line figures, measured by its SLIC/DAA (SPEC DEV-2 diagnostics), with the
 * hints a value out of range gives ("no-line", "line-reversed", "handset-off-hook", ...).
 */
export interface PortDiagnosticsEvent {
  type: "port-diagnostics";
  port: string;
  kind: "fxs" | "fxo";
  index: number;
  /** Volts, milliamps and counts, by name (lineVoltageV, loopCurrentMa, ringCount, ...). */
  figures: Record<string, number | string | boolean | null>;
  hints: string[];
  atMs: number;
}

/** A call changed state (SPEC CALL-1; the status pages and CDR read these). */
export interface CallEvent {
  type: "call";
  callId: string;
  state: "ringing" | "answered" | "held" | "resumed" | "ended";
  caller: string;
  callee: string;
  /** For "ended": why (hangup, busy, no-answer, cancelled, unavailable, ...). */
  reason?: string;
  atMs: number;
}

/** The other party of the call that makes an extension ringing or busy. */
export interface ExtensionPeer {
  number: string;
  displayName?: string;
  /** "initiator" when the extension placed the call, "recipient" when it is called. */
  direction: "initiator" | "recipient";
}

/** What BLF shows for an extension: idle, ringing, or busy (in a call or dialling). */
export interface ExtensionStateEvent {
  type: "extension-state";
  extension: string;
  state: "idle" | "ringing" | "busy";
  /** Who the extension rings for or talks to, when known (not for idle). */
  peer?: ExtensionPeer;
  atMs: number;
}

/** A VoIP trunk's registration changed (SPEC ROUTE-1, STAT-3). */
export interface TrunkEvent {
  type: "trunk";
  trunkId: number;
  name: string;
  state: "registering" | "registered" | "failed" | "unreachable" | "stopped" | "peer";
  /** For failed and unreachable: why ("403 Forbidden", "no answer"). */
  reason?: string;
  atMs: number;
}

/**
 * A mailbox's message counts changed (SPEC CALL-7): a message left, heard, saved or deleted.
 * The message-waiting lamps (RFC 3842 message-summary) and FXS stutter dial tone read these.
 */
export interface MailboxEvent {
  type: "mailbox";
  /** The mailbox's extension number. */
  extension: string;
  newMessages: number;
  oldMessages: number;
  atMs: number;
}

/**
 * Something the admin must look at: a toll-fraud fuse tripped (SPEC ROUTE-3), a firmware update
 * was refused, failed or was rolled back (SPEC DEV-4).
 */
export interface AlarmEvent {
  type: "alarm";
  kind: "toll-fuse" | "update-failed";
  /** The extension (toll fuse) or the firmware version (update) the alarm is about. */
  subject: string;
  message: string;
  atMs: number;
}

export type PbxEvent =
  | RegistrationEvent
  | BanEvent
  | PortEvent
  | PortDiagnosticsEvent
  | CallEvent
  | ExtensionStateEvent
  | TrunkEvent
  | MailboxEvent
  | AlarmEvent
  | QueueEvent;

/** A call queue's waiting callers or agents changed (SPEC CALL-13). */
export interface QueueEvent {
  type: "queue";
  number: string;
  atMs: number;
}

type Listener<E> = (event: E) => void;

export class EventBus {
  readonly #listeners = new Map<PbxEvent["type"], Set<Listener<never>>>();

  on<T extends PbxEvent["type"]>(
    type: T,
    listener: Listener<Extract<PbxEvent, { type: T }>>,
  ): () => void {
    let set = this.#listeners.get(type);
    if (!set) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  emit(event: PbxEvent): void {
    const set = this.#listeners.get(event.type);
    if (!set) return;
    // A failing subscriber must not stop the others nor the producer.
    for (const listener of set) {
      try {
        (listener as Listener<PbxEvent>)(event);
      } catch {}
    }
  }
}
