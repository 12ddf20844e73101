// The call engine's SIP front (SPEC CALL-1, RFC 3261 §13, §9.2, §12.2.2): authenticates a new
// INVITE, finds the dialled extension (404 unknown, 480 not registered), checks the offer
// (400 malformed, 488 unusable), opens a relay session and forks to every registered contact.
// In-dialog requests, ACKs of 2xx and CANCELs are routed to the leg whose dialog they match.
// Information codes (CALL-15) are answered by an application leg; calls involving an
// extension that records (CALL-16) are recorded from answer to end.

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
import { AnnouncementCall } from "./apps/announcement-call.ts";
import {
  type FeatureCodeEntry,
  type InfoKind,
  infoKindOf,
  infoPrompts,
  promptLanguage,
} from "./apps/info-announcement.ts";
import { PromptCall } from "./apps/prompt-call.ts";
import { Call, type CallParty, type CallSummary, type CallView } from "./call.ts";
import { CallRecording, type CallRecordings, wantsRecording } from "./call-recording.ts";
import { CallDialPlan, type Target } from "./dial-plan.ts";
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
  /** EXT-2 settings signalling does not carry: music-on-hold class and prompt language. */
  profile?(number: string): { mohClass?: string; language?: string } | undefined;
  /** The admin's feature-code table (CALL-15 information codes). */
  featureCodes?: { list(): readonly FeatureCodeEntry[] };
  /** What application legs say: built-in prompts and the box's addresses. */
  voice?: {
    clip(lang: string, name: string): Int16Array | undefined;
    lanAddress(): string | undefined;
    wanAddress(): string | undefined;
  };
  /** Where automatic recordings go (CALL-16). */
  recordings?: CallRecordings;
}

/** Why the box could not call an extension to play it something. */
export type PlayRefusal = "not_found" | "unavailable" | "no_ports";

type AppCall = AnnouncementCall | PromptCall;

export class CallEngine implements MethodHandler {
  readonly accepts = ["application/sdp"];
  readonly #options: CallEngineOptions;
  readonly #dialogs = new DialogTable<SipLeg>();
  readonly #calls = new Map<string, Call>();
  readonly #apps = new Map<string, AppCall>();
  readonly #recordingPlans = new Map<string, () => CallRecording>();
  readonly #recording = new Map<string, CallRecording>();
  readonly #byTransaction = new Map<object, Call>();
  #analog: AnalogCalls | undefined;
  /** What a dialled number is; attachAnalog installs the plan that knows the ports. */
  #dialPlan: CallDialPlan;
  readonly #opening = new Set<object>();
  readonly #states: ExtensionStates;
  readonly #context: SipLegContext;

  constructor(options: CallEngineOptions) {
    this.#options = options;
    this.#dialPlan = new CallDialPlan({
      lookupIp: (number) => options.directory.lookup(number),
      analogPort: () => undefined,
      outboundPrefixes: () => [],
      featureCodes: (number) => this.featureCodeTarget(number),
    });
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
    return this.#calls.size + this.#apps.size + (this.#analog?.calls().length ?? 0);
  }

  calls(): CallView[] {
    const analog = this.#analog?.calls() ?? [];
    return [...this.#calls.values(), ...this.#apps.values(), ...analog].map((c) => c.view());
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
    const target = this.#dialPlan.resolve(dialled);
    if (target.kind === "feature" && request.body.length > 0) {
      void this.#announce(incoming, caller, party, dialled, target.code as InfoKind);
      return;
    }
    // Analog extensions (FXS) and outbound numbers (an FXO line) belong to the analog calls.
    if ((target.kind === "analog" || target.kind === "outbound") && this.#analog) {
      void this.#analog.fromSip(incoming, caller, target, party);
      return;
    }
    const callee = target.kind === "ip" ? target.extension : undefined;
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
      mohClass: (extension) => o.profile?.(extension)?.mohClass || undefined,
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
    if (o.recordings && wantsRecording(caller.recording, callee.recording)) {
      const recordings = o.recordings;
      this.#recordingPlans.set(
        id,
        () =>
          new CallRecording(o.clock, recordings, session, {
            kind: "call",
            direction: "internal",
            extensions: [...new Set([caller.number, callee.number])],
            peerNumber: callee.number,
            callId: id,
          }),
      );
    }
    if (incoming.transaction) this.#byTransaction.set(incoming.transaction, call);
    call.start(callerLeg, request.body, forks, o.ringTimeoutMs?.() ?? DEFAULT_RING_TIMEOUT_MS);
    for (const fork of forks) fork.start(offer, party);
  }

  /** Ends every call (shutdown). */
  close(): void {
    for (const call of [...this.#calls.values()]) call.hangup();
    for (const app of [...this.#apps.values()]) app.hangup();
    this.#analog?.close();
  }

  /** Analog ports join calls (SPEC DEV-2): FXS extensions, FXO lines in and out. */
  attachAnalog(
    options: Pick<AnalogCallsOptions, "ports" | "dialPlan" | "inboundExtension">,
  ): AnalogCalls {
    const o = this.#options;
    this.#dialPlan = options.dialPlan;
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

  /**
   * SPEC VOICE-2 "play on extension": the box calls every registered contact of `number`
   * and plays `clip` to the first that answers, then hangs up.
   */
  async playToExtension(
    number: string,
    clip: Int16Array,
    from: CallParty = { number: "pbx", displayName: "PBX" },
  ): Promise<{ ok: true; callId: string } | { ok: false; error: PlayRefusal }> {
    const o = this.#options;
    const callee = o.directory.lookup(number);
    if (!callee) return { ok: false, error: "not_found" };
    const contacts = o.bindings.get(number);
    if (contacts.length === 0) return { ok: false, error: "unavailable" };
    const session = await o.media.open();
    if (!session) return { ok: false, error: "no_ports" };
    const id = randomToken(9);
    const app = new PromptCall(id, from, number, session, clip, {
      clock: o.clock,
      ended: (appId) => this.#apps.delete(appId),
    });
    const media = new LegMedia(session.b, o.media.address, callee.codecs);
    const forks = contacts.map(
      (binding, i) =>
        new SipCalleeLeg(
          `${id}-b${i + 1}`,
          { uri: binding.uri, flow: binding.flow, number, domain: o.domain },
          media,
          callee.dtmfMode,
          this.#context,
          app,
        ),
    );
    this.#apps.set(id, app);
    app.start(forks, media.offer(), o.ringTimeoutMs?.() ?? DEFAULT_RING_TIMEOUT_MS);
    return { ok: true, callId: id };
  }

  /** The information code (CALL-15) `number` is, as a dial-plan target, if the box can say it. */
  featureCodeTarget(number: string): Target | undefined {
    const codes = this.#options.featureCodes;
    if (!codes || !this.#options.voice) return undefined;
    const kind = infoKindOf(number, codes.list());
    return kind ? { kind: "feature", number, code: kind, argument: "" } : undefined;
  }

  /** An application leg answers and says the asked value in the caller's language. */
  async #announce(
    incoming: IncomingRequest,
    caller: ExtensionAuth,
    party: CallParty,
    dialled: string,
    kind: InfoKind,
  ): Promise<void> {
    const o = this.#options;
    const voice = o.voice!;
    const lang = promptLanguage(o.profile?.(caller.number)?.language);
    const names = infoPrompts(kind, {
      extension: caller.number,
      lanAddress: voice.lanAddress(),
      wanAddress: voice.wanAddress(),
    });
    const clips = names.flatMap((n) => voice.clip(lang, n) ?? []);
    const transaction = incoming.transaction;
    if (transaction) this.#opening.add(transaction);
    const session = await o.media.open();
    const cancelled = transaction !== undefined && !this.#opening.has(transaction);
    if (transaction) this.#opening.delete(transaction);
    if (cancelled || !session) {
      session?.close();
      if (cancelled) incoming.respond(487);
      else incoming.respond(503, { reason: "No Media Ports", headers: [["retry-after", "5"]] });
      return;
    }
    const media = new LegMedia(session.a, o.media.address, caller.codecs);
    const answer = media.answer(incoming.request.body);
    if (!answer.ok) {
      session.close();
      incoming.respond(answer.status);
      return;
    }
    const id = randomToken(9);
    const app = new AnnouncementCall(id, party, dialled, session, clips, {
      clock: o.clock,
      ended: (appId, summary) => {
        this.#apps.delete(appId);
        this.#options.onRecord?.(summary);
      },
    });
    const leg = new SipCallerLeg(
      `${id}-a`,
      caller.number,
      incoming,
      media,
      caller.dtmfMode,
      this.#context,
      app,
    );
    this.#apps.set(id, app);
    app.start(leg, answer.sdp);
  }

  #ended(call: Call, summary: CallSummary): void {
    this.#calls.delete(call.id);
    this.#recordingPlans.delete(call.id);
    const recording = this.#recording.get(call.id);
    this.#recording.delete(call.id);
    const recorded = recording?.finish() !== undefined;
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
    this.#options.onRecord?.(recorded ? { ...summary, recorded } : summary);
  }

  #emitCall(call: Call, state: "ringing" | "answered" | "held" | "resumed"): void {
    const plan = state === "answered" ? this.#recordingPlans.get(call.id) : undefined;
    if (plan) {
      this.#recordingPlans.delete(call.id);
      this.#recording.set(call.id, plan());
    }
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
