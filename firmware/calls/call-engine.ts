// The call engine's SIP front (SPEC CALL-1, RFC 3261 §13, §9.2, §12.2.2): authenticates a new
// INVITE, finds the dialled extension (404 unknown, 480 not registered), checks the offer
// (400 malformed, 488 unusable), opens a relay session and forks to every registered contact.
// In-dialog requests, ACKs of 2xx and CANCELs are routed to the leg whose dialog they match.

import type { EventBus } from "../events/event-bus.ts";
import type { ExtensionAuth } from "../extensions/extension-types.ts";
import type { BanList } from "../registrar/ban-list.ts";
import type { Binding } from "../registrar/binding-store.ts";
import type { DigestAuthenticator, ExtensionLookup } from "../registrar/registrar.ts";
import type { Clock } from "../sip/clock.ts";
import { randomToken } from "../sip/core/identifiers.ts";
import type { IncomingRequest, MethodHandler } from "../sip/core/sip-stack.ts";
import type { LocalContact } from "../sip/dialog/dialog.ts";
import { DialogTable } from "../sip/dialog/dialog-table.ts";
import type { SipRequest, SipResponse } from "../sip/message/message.ts";
import { parseSipUri } from "../sip/message/uri.ts";
import type { ClientTransactionUser } from "../sip/transaction/non-invite-client.ts";
import type { Flow, Protocol } from "../sip/transport/transport.ts";
import { AnalogCalls, type AnalogCallsOptions } from "./analog-calls.ts";
import { Call, type CallParty, type CallSummary, type CallView } from "./call.ts";
import { ExtensionStates } from "./extension-states.ts";
import { authenticateInvite } from "./invite-auth.ts";
import { LegMedia } from "./leg-media.ts";
import type { MediaPort } from "./media-port.ts";
import { SipCalleeLeg } from "./sip-callee-leg.ts";
import { SipCallerLeg } from "./sip-caller-leg.ts";
import type { SipLeg, SipLegContext } from "./sip-leg.ts";

/** How long a call rings before the caller gets 480 (SPEC CALL-1 "ring timeout"). */
export const DEFAULT_RING_TIMEOUT_MS = 60_000;

export interface CallEngineOptions {
  clock: Clock;
  sip: {
    request(request: SipRequest, flow: Flow, user: ClientTransactionUser): unknown;
    sendStateless(message: SipRequest | SipResponse, flow: Flow): boolean;
  };
  directory: ExtensionLookup;
  bindings: { get(extension: string): readonly Binding[] };
  auth: DigestAuthenticator;
  bans: BanList;
  events: EventBus;
  media: MediaPort;
  /** Via sent-by and Contact of the box per transport. */
  local(protocol: Protocol): LocalContact;
  /** Host the box writes in From and To of the calls it places. */
  domain: string;
  ringTimeoutMs?: () => number;
  /** Each finished call (the CDR writer). */
  onRecord?(summary: CallSummary): void;
}

export class CallEngine implements MethodHandler {
  readonly accepts = ["application/sdp"];
  readonly #options: CallEngineOptions;
  readonly #dialogs = new DialogTable<SipLeg>();
  readonly #calls = new Map<string, Call>();
  readonly #byTransaction = new Map<object, Call>();
  #analog: AnalogCalls | undefined;
  readonly #opening = new Set<object>();
  readonly #states: ExtensionStates;
  readonly #context: SipLegContext;

  constructor(options: CallEngineOptions) {
    this.#options = options;
    this.#states = new ExtensionStates(options.events, () => options.clock.now());
    this.#context = {
      clock: options.clock,
      request: (request, flow, user) => options.sip.request(request, flow, user),
      sendStateless: (message, flow) => options.sip.sendStateless(message, flow),
      local: (protocol) => options.local(protocol),
      dialogs: this.#dialogs,
    };
  }

  /** Calls in progress. */
  get count(): number {
    return this.#calls.size + (this.#analog?.calls().length ?? 0);
  }

  calls(): CallView[] {
    const analog = this.#analog?.calls() ?? [];
    return [...this.#calls.values(), ...analog].map((c) => c.view());
  }

  /** Extension state as BLF shows it. */
  extensionState(extension: string): "idle" | "ringing" | "busy" {
    return this.#states.state(extension);
  }

  /** BYE, INFO, UPDATE, PRACK: to the dialog's leg, 481 when no dialog matches (§12.2.2). */
  readonly inDialog: MethodHandler = {
    handle: (incoming) => {
      const leg = this.#dialogs.find(incoming.request);
      if (leg) leg.handleRequest(incoming);
      else incoming.respond(481);
    },
  };

  /** Hook for SipStack.onAck: ACKs of our 2xx belong to dialogs. */
  ack(ack: SipRequest): void {
    this.#dialogs.find(ack)?.handleAck(ack);
  }

  /** Hook for SipStack.onCancel: the INVITE's call is given up (§9.2). */
  cancel(invite: object): void {
    // A CANCEL while the relay session is still being opened: the opener sees it gone.
    if (this.#opening.delete(invite)) return;
    const call = this.#byTransaction.get(invite);
    if (call) call.cancel();
    else this.#analog?.cancel(invite);
  }

  /** INVITE: a re-INVITE goes to its dialog; a new one starts a call. */
  handle(incoming: IncomingRequest): void {
    const { request } = incoming;
    if (request.to?.params.has("tag")) {
      this.inDialog.handle(incoming);
      return;
    }
    const o = this.#options;
    const fromUri = parseSipUri(request.from?.uri ?? "");
    const callerNumber = fromUri.ok ? (fromUri.uri.user ?? "") : "";
    const caller = authenticateInvite(incoming, callerNumber, o);
    if (!caller) return;
    const uri = parseSipUri(request.uri);
    const dialled = uri.ok ? (uri.uri.user ?? "") : "";
    const party = { number: caller.number, displayName: caller.displayName };
    // The dial plan gives some numbers to analog ports (FXS extensions, FXO lines out).
    const target = this.#analog?.sipTarget(dialled);
    if (target) {
      void this.#analog!.fromSip(incoming, caller, target, party);
      return;
    }
    const callee = o.directory.lookup(dialled);
    const attempt = (status: number, reason: CallSummary["reason"], phrase?: string) => {
      incoming.respond(status, phrase ? { reason: phrase } : {});
      this.#record(party, dialled, request.callId ?? "", reason, status);
    };
    if (!callee) {
      attempt(404, "rejected");
      return;
    }
    const contacts = o.bindings.get(callee.number);
    if (contacts.length === 0) {
      attempt(480, "unavailable", "Not Registered");
      return;
    }
    if (request.body.length === 0) {
      // Offer-less INVITEs (RFC 3261 §13.2.1 delayed offer) are not bridged yet.
      incoming.respond(488, { reason: "Offer Required" });
      return;
    }
    void this.#startCall(incoming, caller, callee, contacts, party);
  }

  async #startCall(
    incoming: IncomingRequest,
    caller: ExtensionAuth,
    callee: ExtensionAuth,
    contacts: readonly Binding[],
    party: CallParty,
  ): Promise<void> {
    const o = this.#options;
    const { request } = incoming;
    const transaction = incoming.transaction;
    if (transaction) this.#opening.add(transaction);
    const session = await o.media.open();
    const cancelled = transaction !== undefined && !this.#opening.has(transaction);
    if (transaction) this.#opening.delete(transaction);
    if (cancelled) {
      session?.close();
      incoming.respond(487);
      this.#record(party, callee.number, request.callId ?? "", "cancelled", 487);
      return;
    }
    if (!session) {
      incoming.respond(503, { reason: "No Media Ports", headers: [["retry-after", "5"]] });
      return;
    }
    const callerMedia = new LegMedia(session.a, o.media.address, caller.codecs);
    const check = callerMedia.check(request.body);
    if (check !== 200) {
      session.close();
      incoming.respond(check);
      return;
    }
    const first = callerMedia.answer(request.body);
    const prefer = first.ok ? callerMedia.codec?.name : undefined;
    const id = randomToken(9);
    const call = new Call(id, party, callee.number, session, {
      clock: o.clock,
      changed: (c, what) => this.#emitCall(c, what),
      legRole: (c, leg, role) => this.#states.set(leg.extension, c.id, role),
      ended: (c, summary) => this.#ended(c, summary),
    });
    const callerLeg = new SipCallerLeg(
      `${id}-a`,
      caller.number,
      incoming,
      callerMedia,
      caller.dtmfMode,
      this.#context,
      call,
    );
    const calleeMedia = new LegMedia(session.b, o.media.address, callee.codecs);
    const offer = calleeMedia.offer(prefer);
    const forks = contacts.map(
      (binding, i) =>
        new SipCalleeLeg(
          `${id}-b${i + 1}`,
          { uri: binding.uri, flow: binding.flow, number: callee.number, domain: o.domain },
          calleeMedia,
          callee.dtmfMode,
          this.#context,
          call,
        ),
    );
    this.#calls.set(id, call);
    if (incoming.transaction) this.#byTransaction.set(incoming.transaction, call);
    call.start(callerLeg, request.body, forks, o.ringTimeoutMs?.() ?? DEFAULT_RING_TIMEOUT_MS);
    for (const fork of forks) fork.start(offer, party);
  }

  /** Ends every call (shutdown). */
  close(): void {
    for (const call of [...this.#calls.values()]) call.hangup();
    this.#analog?.close();
  }

  /** Analog ports join calls (SPEC DEV-2): FXS extensions, FXO lines in and out. */
  attachAnalog(
    options: Pick<AnalogCallsOptions, "ports" | "dialPlan" | "inboundExtension">,
  ): AnalogCalls {
    const o = this.#options;
    this.#analog = new AnalogCalls({
      ...options,
      clock: o.clock,
      context: this.#context,
      media: o.media,
      bindings: o.bindings,
      domain: o.domain,
      ringTimeoutMs: () => o.ringTimeoutMs?.() ?? DEFAULT_RING_TIMEOUT_MS,
      events: o.events,
      setState: (extension, callId, role) => this.#states.set(extension, callId, role),
      ...(o.onRecord ? { onRecord: o.onRecord } : {}),
    });
    return this.#analog;
  }

  #ended(call: Call, summary: CallSummary): void {
    this.#calls.delete(call.id);
    const transaction = call.callerLeg?.incoming.transaction;
    if (transaction) this.#byTransaction.delete(transaction);
    this.#options.events.emit({
      type: "call",
      callId: call.id,
      state: "ended",
      caller: call.caller.number,
      callee: call.callee,
      reason: summary.reason,
      atMs: summary.endedAtMs,
    });
    this.#options.onRecord?.(summary);
  }

  #emitCall(call: Call, state: "ringing" | "answered" | "held" | "resumed"): void {
    this.#options.events.emit({
      type: "call",
      callId: call.id,
      state,
      caller: call.caller.number,
      callee: call.callee,
      atMs: this.#options.clock.now(),
    });
  }

  /** A call refused before any phone rang still leaves a record (REP-1: not answered). */
  #record(
    caller: { number: string; displayName: string },
    callee: string,
    sipCallId: string,
    reason: CallSummary["reason"],
    sipStatus: number,
  ): void {
    const now = this.#options.clock.now();
    this.#options.onRecord?.({
      id: randomToken(9),
      sipCallId,
      caller,
      callee,
      finalCallee: callee,
      startedAtMs: now,
      endedAtMs: now,
      status: "not-answered",
      reason,
      sipStatus,
      recorded: false,
    });
  }
}
