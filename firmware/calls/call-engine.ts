// The call engine (SPEC CALL-1, DEV-2, RFC 3261 §13, §9.2, §12.2.2): where calls start and
// how they are carried out. A call starts from a SIP INVITE (digest-authenticated), a number
// dialled on an FXS handset, an exchange line ringing in on an FXO port, or the box itself
// ("play on extension"). Each asks the routing step where the number goes (a Destination
// value), turns the answer into legs, opens a relay session when a SIP leg takes part and
// starts one Call; all calls sit in one registry and leave records and events the same way.
// In-dialog requests, ACKs of 2xx and CANCELs are routed to the leg whose dialog they match.

import { TonePlayer } from "../../media/dsp/tone-player.ts";
import { toneSpec } from "../../media/dsp/tone-tables.ts";
import { PromptPlayer } from "../../media/play/prompt-player.ts";
import { sayDigits } from "../../media/say/say.ts";
import type { OutboundDecision } from "../billing/authorize-outbound.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { ExtensionAuth } from "../extensions/extension-types.ts";
import type { CallerId } from "../lines/caller-id-audio.ts";
import type { FxoLine } from "../lines/fxo-line.ts";
import type { FxsLine } from "../lines/fxs-line.ts";
import { type NumberBlock, PARK_SLOTS } from "../numbering/manual-numbers.ts";
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
import { AdoptedLeg } from "./adopted-leg.ts";
import { AcceptingLeg } from "./apps/accepting-leg.ts";
import { type ApplicationAsk, ApplicationLeg } from "./apps/application-leg.ts";
import type { FeatureHandler, FeatureReply } from "./apps/feature-handler.ts";
import { promptLanguage } from "./apps/info-announcement.ts";
import type { ParkLeg } from "./apps/park-leg.ts";
import { PIN_PROMPTS, PinLeg } from "./apps/pin-leg.ts";
import { RefusalLeg } from "./apps/refusal-leg.ts";
import {
  Call,
  type CallHooks,
  type CallSummary,
  type CallType,
  type CallView,
  type EndReason,
  type NextLegs,
} from "./call.ts";
import { type CallBilling, CallCharge } from "./call-charge.ts";
import { CallPark, type ParkedCall } from "./call-park.ts";
import {
  type AudioTap,
  CallRecording,
  type CallRecordings,
  type RecordingMode,
  wantsRecording,
} from "./call-recording.ts";
import { CallRegistry } from "./call-registry.ts";
import { DepartmentHunts } from "./department-hunts.ts";
import { ExtensionStates, peerOf } from "./extension-states.ts";
import type { OpenedChannel } from "./failover-leg.ts";
import { FxoLeg } from "./fxo-leg.ts";
import { type AnalogLegContext, FxsLeg } from "./fxs-leg.ts";
import type { InCallCode } from "./in-call-code-detector.ts";
import { authenticateInvite } from "./invite-auth.ts";
import type { CalledLeg, CallingLeg, CallParty, Leg } from "./leg.ts";
import { LegMedia } from "./leg-media.ts";
import type { MediaPort, MediaSession } from "./media-port.ts";
import type { MonitoredCall } from "./monitor/monitor-leg.ts";
import { anyChannel, type OutboundLegDeps, outboundLeg } from "./outbound-leg.ts";
import { autoAnswerTarget } from "./paging/auto-answer-headers.ts";
import { holdTone } from "./relay-media-port.ts";
import { CallRouter } from "./routing/call-router.ts";
import type { AnswerAcceptance, Destination, MemberDestination } from "./routing/destination.ts";
import type { OutboundCandidate } from "./routing/outbound-provider.ts";
import type { RoutedCall, RouteOutcome } from "./routing/routing-hooks.ts";
import { SipCalleeLeg } from "./sip-callee-leg.ts";
import { SipCallerLeg } from "./sip-caller-leg.ts";
import { SipLeg, type SipLegContext } from "./sip-leg.ts";
import { consult } from "./transfer/attended-transfer.ts";
import { parseReferTo, type Replaces, sipfrag } from "./transfer/refer-to.ts";
import { SharedSession, TransferredLeg } from "./transfer/transferred-leg.ts";

/** How long a call rings before the caller gets 480 (SPEC CALL-1 "ring timeout"). */
export const DEFAULT_RING_TIMEOUT_MS = 60_000;

/** The board's analog ports as the call engine needs them. */
export interface AnalogPorts {
  fxs(port: number): FxsLine | undefined;
  /** The analog extension on FXS `port`. */
  fxsExtension(port: number): { number: string; name: string } | undefined;
  fxo(): readonly FxoLine[];
}

/** What opening an outbound channel of another kind (a SIP trunk) is given. */
export interface ChannelOpening {
  id: string;
  caller: CallParty;
  /** The relay side b of the call's session and the address phones send RTP to. */
  media: { session: MediaSession; address: string };
  sip: SipLegContext;
}

/** What opening an application leg (an IVR) is given: how to hand the call on. */
export interface ApplicationOpening {
  /** The leg's id. */
  id: string;
  /** The call's id (its record's and its recordings'). */
  callId: string;
  caller: CallParty;
  /** Rings `to` in the same call once the application has answered; false when it cannot. */
  forward(from: Leg, to: Destination): boolean;
}

/** Opens the application a destination names: the leg that answers, or the status why not. */
export type ApplicationOpener = (
  destination: Extract<Destination, { kind: "application" }>,
  opening: ApplicationOpening,
) => CalledLeg | { status: number };

/** An inbound call's trunk and where it goes (decided by the inbound routes, ROUTE-4). */
export interface InboundPlacement {
  /** The trunk's name ("" for an FXO line in no analog trunk). */
  trunk: string;
  route(call: RoutedCall): Destination;
}

/**
 * Opens a channel for an outbound candidate: the leg to ring (with what gives the channel
 * back when it ends, and the trunk's name for the call record), or the status why not.
 */
export type ChannelOpener = (
  candidate: OutboundCandidate,
  opening: ChannelOpening,
) => CalledLeg | OpenedChannel | { status: number };

/** How long the "insufficient balance" prompt is given before a refused call is hung up. */
const WARNING_PLAY_MS = 4000;

export interface CallEngineOptions {
  clock: Clock;
  sip: {
    request(request: SipRequest, flow: Flow, user: ClientTransactionUser): unknown;
    sendStateless(message: SipRequest | SipResponse, flow: Flow): boolean;
  };
  directory: ExtensionLookup;
  bindings: { get(extension: string): readonly Binding[] };
  /**
   * Whether the extension takes no calls at all now (DND; manual 免打扰: 拒绝所有的呼入电话).
   * Ordinary calls meet DND in the routing hooks, which may forward them; an intercom call or
   * a page to it (*50, *51), which nothing forwards, is refused as busy.
   */
  refusesCalls?(extension: string): boolean;
  auth: DigestAuthenticator;
  bans: BanList;
  events: EventBus;
  media: MediaPort;
  /** Via sent-by and Contact of the box per transport. */
  local(protocol: Protocol): LocalContact;
  /** Host the box writes in From and To of the calls it places. */
  domain: string;
  ringTimeoutMs?: () => number;
  /** Where dialled numbers go; by default IP extensions only. */
  router?: CallRouter;
  /** The analog ports (SPEC DEV-2); none on a box without a board. */
  ports?: AnalogPorts;
  /** Where a call ringing in on an FXO line goes (setting "fxo.inboundExtension"). */
  inboundExtension?(): string;
  /** Applications by name (`application` destinations: "ivr"). */
  applications?: Record<string, ApplicationOpener>;
  /** Outbound channels other than FXO lines, by channel kind (SIP trunks). */
  channels?: Record<string, ChannelOpener>;
  /** Each finished call (the CDR writer). */
  onRecord?(summary: CallSummary): void;
  /** Settings signalling does not carry: music-on-hold class, prompt language, recording. */
  profile?(
    number: string,
  ): { mohClass?: string; language?: string; recording?: RecordingMode } | undefined;
  /** Feature codes by the table's id (`apps/feature-handler.ts`). */
  features?: Readonly<Record<string, FeatureHandler>>;
  /** What application legs say: built-in prompts and the box's addresses. */
  voice?: {
    clip(lang: string, name: string): Int16Array | undefined;
    lanAddress(): string | undefined;
    wanAddress(): string | undefined;
  };
  /** Where automatic recordings go (CALL-16). */
  recordings?: CallRecordings;
  /** Prepaid and postpaid billing of outbound calls (SPEC BILL-2, BILL-8). */
  billing?: CallBilling;
  /** The extensions `*8` picks up from for `extension`: its department's other members. */
  pickupGroup?(extension: string): readonly string[];
  /** The in-call codes of the feature-code table (enabled ones); the box acts on park. */
  inCallCodes?(): readonly InCallCode[];
  /** Park slots (41-49) and how long a call stays parked (45 s). */
  park?: { slots?: NumberBlock; parkTimeMs?: number };
  /**
   * What an answerer who must accept (a destination's `accept`) hears before pressing 1: the
   * caller's recorded name and the prompt (SPEC CALL-3 confirm mode).
   */
  acceptance?(accept: AnswerAcceptance): readonly Int16Array[];
  /** Where *0 takes the parties of a two-party call (CALL-5 创建会议). */
  inCallConference?: InCallConference;
}

/** The conference rooms as *0 needs them (CALL-5 创建会议). */
export interface InCallConference {
  /** A room nobody is in, or undefined when every room is. */
  freeRoom(): string | undefined;
  /** The room's leg for one party; `askPin` for the party that pressed *0. */
  opener(room: string, askPin: boolean): ApplicationOpener;
}

/**
 * The in-call codes the box acts on today (CALL-9 park, CALL-10 transfer, CALL-16 one-touch
 * recording, CALL-5 a conference made of the call).
 */
const IN_CALL_FEATURES: ReadonlySet<string> = new Set([
  "park",
  "transfer-blind",
  "transfer-attended",
  "record-toggle",
  "conference-in-call",
]);

/** The feature codes answered by joining a call under way rather than ringing anything. */
const JOINING_CODES: ReadonlySet<string> = new Set([
  "pickup-group",
  "pickup-directed",
  "park-retrieve",
]);

/** A call a pickup or park retrieval joins, and how. */
type Joining =
  | { kind: "pickup"; call: Call }
  | { kind: "retrieve"; call: Call; leg: ParkLeg; parked: Leg }
  /** Nothing to pick up, an empty slot: the caller hears so. */
  | { kind: "none"; phrase: string };

/** Why the box could not call an extension to play it something. */
export type PlayRefusal = "not_found" | "unavailable" | "no_ports";

type OutboundDestination = Extract<Destination, { kind: "outbound" }>;

/** How to make one leg the call rings, once the relay session (if any) is open. */
type LegRecipe =
  | {
      kind: "sip";
      extension: ExtensionAuth;
      contacts: readonly Binding[];
      /** Intercom and paging (CALL-6): the phone answers by itself; a page is one-way. */
      autoAnswer?: "intercom" | "page";
    }
  | { kind: "fxs"; number: string; line: FxsLine }
  | { kind: "fxo"; digits: string; line: FxoLine }
  | { kind: "application"; number: string; clips: Int16Array[]; ask?: ApplicationAsk }
  | { kind: "refusal"; number: string; clips: Int16Array[]; status: number; phrase: string }
  /** `charged`: billing said the caller pays for this call (BILL-2). */
  | { kind: "outbound"; destination: OutboundDestination; charged: boolean }
  | { kind: "app"; destination: Destination & { kind: "application" }; open: ApplicationOpener }
  /** Legs whose answerer must press 1 first (follow-me's confirm mode). */
  | { kind: "accepting"; recipes: LegRecipe[]; accept: AnswerAcceptance };

type Targets =
  | { ok: true; destination: Destination; recipes: LegRecipe[]; ringTimeMs?: number }
  | { ok: false; status: number; reason: EndReason; phrase?: string };

/** What acting on a destination needs to know of the call. */
type Asking = Pick<Placement, "party" | "calling"> & { routed: RoutedCall };

/** A SIP caller as its leg needs it: an extension, or a trunk's far end (internal false). */
export interface SipCaller {
  number: string;
  displayName: string;
  codecs: readonly string[];
  dtmfMode: string;
  internal: boolean;
}

/** A call being placed: who calls, what they dialled, and how the calling leg is made. */
interface Placement {
  party: CallParty;
  dialled: string;
  type: CallType;
  /** The SIP caller's INVITE, when a phone or trunk calls. */
  incoming?: IncomingRequest;
  caller?: SipCaller;
  /** An analog or application calling leg, made before the call. */
  calling?: CallingLeg;
  /** A call from a trunk: routed by the inbound routes, recorded with the trunk. */
  inbound?: InboundPlacement;
}

export class CallEngine implements MethodHandler {
  readonly accepts = ["application/sdp"];
  readonly #o: CallEngineOptions;
  readonly #dialogs = new DialogTable<SipLeg>();
  readonly #registry = new CallRegistry();
  readonly #router: CallRouter;
  readonly #opening = new Set<object>();
  readonly #states: ExtensionStates;
  readonly #context: SipLegContext;
  readonly #analog: AnalogLegContext;
  readonly #hunts: DepartmentHunts;
  readonly #park: CallPark;

  constructor(options: CallEngineOptions) {
    this.#o = options;
    this.#router =
      options.router ?? new CallRouter({ lookupIp: (number) => options.directory.lookup(number) });
    this.#states = new ExtensionStates(options.events, () => options.clock.now());
    this.#context = {
      clock: options.clock,
      request: (request, flow, user) => options.sip.request(request, flow, user),
      sendStateless: (message, flow) => options.sip.sendStateless(message, flow),
      local: (protocol) => options.local(protocol),
      dialogs: this.#dialogs,
      refer: (leg, incoming) => this.#refer(leg, incoming),
    };
    const music = options.media.music?.bind(options.media) ?? (() => holdTone());
    this.#analog = { clock: options.clock, music };
    this.#hunts = new DepartmentHunts(options.clock, () => this.#ringTimeoutMs());
    this.#park = new CallPark({
      clock: options.clock,
      slots: options.park?.slots ?? PARK_SLOTS,
      ...(options.park?.parkTimeMs !== undefined ? { parkTimeMs: options.park.parkTimeMs } : {}),
      mohClass: (leg) => (leg.internal ? options.profile?.(leg.extension)?.mohClass : undefined),
      announcement: (leg, slot) =>
        this.#clips(
          { number: leg.extension, displayName: "" },
          slot ? ["park/parked-at", ...sayDigits(slot)] : ["call/not-available"],
        ),
      ringBack: (call, parker, leg) => this.#ringBack(call, parker, leg),
    });
  }

  /** Calls parked now (CALL-9), by slot. */
  parkedCalls(): ParkedCall[] {
    return this.#park.list();
  }

  /**
   * SPEC CALL-12: `extension`'s answered call as a supervisor joins it (its parties' audio to
   * tap, and to add to), or undefined when it is in none.
   */
  monitoredCall(extension: string): MonitoredCall | undefined {
    const call = this.#registry
      .list()
      .find(
        (c) =>
          c.state === "answered" &&
          [c.callingLeg, c.answeringLeg].some((l) => l?.internal && l.extension === extension),
      );
    const bridge = call?.bridge;
    const a = call?.callingLeg;
    const b = call?.answeringLeg;
    if (!call || !bridge || !a || !b) return undefined;
    const monitored = a.internal && a.extension === extension ? a : b;
    const leg = (party: "monitored" | "other") =>
      party === "monitored" ? monitored : bridge.other(monitored);
    return {
      tap: (party, onFrame) => bridge.tap(leg(party), onFrame),
      overlay: (party, extra) => bridge.overlay(leg(party), extra),
      // A bridge replaced (the call handed on) ends the monitoring as the call's end does.
      ended: () => call.state === "ended" || call.bridge !== bridge,
    };
  }

  /** Calls in progress. */
  get count(): number {
    return this.#registry.size;
  }

  /** Calls in progress and INVITEs taken on whose media ports are still being opened. */
  get admitted(): number {
    return this.#registry.size + this.#opening.size;
  }

  calls(): CallView[] {
    return this.#registry.views();
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
    this.#registry.byTransaction(invite)?.cancel();
  }

  /** INVITE: a re-INVITE goes to its dialog; a new one starts a call. */
  handle(incoming: IncomingRequest): void {
    const { request } = incoming;
    if (request.to?.params.has("tag")) {
      this.inDialog.handle(incoming);
      return;
    }
    const fromUri = parseSipUri(request.from?.uri ?? "");
    const callerNumber = fromUri.ok ? (fromUri.uri.user ?? "") : "";
    const caller = authenticateInvite(incoming, callerNumber, this.#o);
    if (!caller) return;
    const uri = parseSipUri(request.uri);
    const dialled = uri.ok ? (uri.uri.user ?? "") : "";
    this.acceptInvite(incoming, { ...caller, internal: true }, dialled, "internal");
  }

  /**
   * A new INVITE whose caller was admitted elsewhere (a SIP trunk's far end: `internal`
   * false, type "inbound") becomes a call to `dialled` like any other.
   */
  acceptInvite(
    incoming: IncomingRequest,
    caller: SipCaller,
    dialled: string,
    type: CallType,
    inbound?: InboundPlacement,
  ): void {
    const party = { number: caller.number, displayName: caller.displayName };
    void this.#place({ party, dialled, type, incoming, caller, ...(inbound ? { inbound } : {}) });
  }

  /** A number dialled on an FXS handset (BoardServices.setDialHandler). */
  dialled(line: FxsLine, number: string): void {
    const held = this.#registry.find((leg) => onLine(leg, line));
    if (held) {
      // Dialled after a hook flash: an attended transfer (hanging up completes it).
      const leg = held.legs().find((l) => onLine(l, line));
      if (!leg || !this.#attendedTransfer(held, leg, number)) line.playTone("congestion");
      return;
    }
    const port = `fxs${line.index}`;
    const own = this.#o.ports?.fxsExtension(line.index);
    const party = { number: own?.number ?? port, displayName: own?.name ?? "" };
    const calling = new FxsLeg(`${randomToken(9)}-a`, party.number, line, true, this.#analog);
    void this.#place({ party, dialled: number, type: "internal", calling });
  }

  /** An FXO line rang with a caller ID: by the inbound routes, else to the inbound extension. */
  incoming(line: FxoLine, callerId: CallerId | null, inbound?: InboundPlacement): void {
    const number = callerId?.number || "anonymous";
    const party = { number, displayName: callerId?.name ?? "" };
    const calling = new FxoLeg(`${randomToken(9)}-a`, number, line, this.#analog);
    const dialled = inbound ? "" : (this.#o.inboundExtension?.() ?? "");
    void this.#place({ party, dialled, type: "inbound", calling, ...(inbound ? { inbound } : {}) });
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
    const o = this.#o;
    const callee = o.directory.lookup(number);
    if (!callee) return { ok: false, error: "not_found" };
    const contacts = o.bindings.get(number);
    if (contacts.length === 0) return { ok: false, error: "unavailable" };
    const session = await o.media.open();
    if (!session) return { ok: false, error: "no_ports" };
    const id = randomToken(9);
    const calling = new ApplicationLeg(`${id}-a`, "", [clip]);
    const routed = this.#router.begin(from, number);
    const destination: Destination = { kind: "extension", number, extension: callee };
    const recipes: LegRecipe[] = [{ kind: "sip", extension: callee, contacts }];
    this.#start(id, { party: from, dialled: number, type: "internal" }, calling, session, {
      routed,
      destination,
      recipes,
    });
    return { ok: true, callId: id };
  }

  /**
   * The box places a call for an application (a conference invitation): `calling` is the box's
   * leg, `party` who the call is made for (its dial permission applies), routed as if dialled.
   */
  placeFromBox(calling: CallingLeg, party: CallParty, dialled: string): void {
    void this.#place({ party, dialled, type: "internal", calling });
  }

  /**
   * The box calls extension `number` (IP or analog) with `calling` as its own leg (a wake-up
   * call, SPEC CALL-4): rung like a call to it, without the routing hooks (no forwarding).
   */
  async callFromBox(
    number: string,
    calling: CallingLeg,
    ringTimeMs: number,
    from: CallParty = { number: "pbx", displayName: "PBX" },
    /** Ask an IP phone to answer by itself (a page or intercom call, CALL-6). */
    ring: {
      autoAnswer?: boolean;
      /** No record of its own: a leg of a call recorded elsewhere (a queue's agent, CALL-13). */
      unrecorded?: boolean;
    } = {},
  ): Promise<{ ok: true; callId: string } | { ok: false; error: PlayRefusal }> {
    const resolved = this.#router.resolve(number);
    if (resolved.kind !== "extension" && resolved.kind !== "analog")
      return { ok: false, error: "not_found" };
    const destination =
      ring.autoAnswer && resolved.kind === "extension"
        ? { ...resolved, autoAnswer: true }
        : resolved;
    const routed = this.#router.begin(from, number);
    const targets = this.#targets(destination, { party: from, calling, routed });
    if (!targets.ok) return { ok: false, error: "unavailable" };
    let session: MediaSession | undefined;
    if (targets.recipes.some(needsRelay)) {
      session = await this.#o.media.open();
      if (!session) return { ok: false, error: "no_ports" };
    }
    const id = randomToken(9);
    const p = { party: from, dialled: number, type: "internal" as const };
    if (ring.unrecorded) this.#unrecorded.add(id);
    this.#start(id, p, calling, session, { ...targets, routed, ringTimeMs });
    return { ok: true, callId: id };
  }

  /** Where `number` goes when dialled, without the routing hooks (a queue's destination). */
  resolve(number: string): Destination {
    return this.#router.resolve(number);
  }

  /** Ends every call (shutdown). */
  close(): void {
    for (const call of this.#registry.list()) call.hangup();
  }

  // --- placing a call ------------------------------------------------------------------------

  async #place(placement: Placement): Promise<void> {
    const routed = this.#router.begin(placement.party, placement.dialled);
    const first = placement.inbound?.route(routed) ?? this.#router.route(routed);
    // A line without a DID is recorded as calling where its inbound route sent it.
    const p = { ...placement, dialled: placement.dialled || first.number };
    const joining = this.#joining(first, p.party);
    const targets: Targets =
      joining === undefined
        ? this.#targetsAfterOutcomes(routed, first, { ...p, routed })
        : joining.kind === "none"
          ? {
              ok: true,
              destination: first,
              recipes: [this.#nothingToJoin(p.party, first, joining)],
            }
          : { ok: true, destination: first, recipes: [] };
    if (!targets.ok) {
      this.#refuse(p, targets.status, targets.reason, targets.phrase);
      return;
    }
    const { incoming } = p;
    if (incoming && incoming.request.body.length === 0) {
      // Offer-less INVITEs (RFC 3261 §13.2.1 delayed offer) are not bridged yet.
      incoming.respond(488, { reason: "Offer Required" });
      return;
    }
    let session: MediaSession | undefined;
    if (incoming || targets.recipes.some(needsRelay)) {
      const transaction = incoming?.transaction;
      if (transaction) this.#opening.add(transaction);
      session = await this.#o.media.open();
      const cancelled = transaction !== undefined && !this.#opening.has(transaction);
      if (transaction) this.#opening.delete(transaction);
      if (cancelled || p.calling?.state === "ended") {
        // The caller gave up (CANCEL, handset down) while the media ports were being opened.
        session?.close();
        this.#refuse(p, 487, "cancelled");
        return;
      }
      if (!session) {
        if (incoming)
          incoming.respond(503, { reason: "No Media Ports", headers: [["retry-after", "5"]] });
        else this.#refuse(p, 503, "failed");
        return;
      }
    }
    const id = randomToken(9);
    if (joining && joining.kind !== "none") {
      this.#join(id, p, first, session);
      return;
    }
    const calling = p.calling ?? this.#sipCaller(id, p, session!);
    if (!calling) return;
    this.#start(id, p, calling, session, { ...targets, routed });
  }

  /** The SIP caller's leg on relay side a, or undefined after 400 / 488 to a bad offer. */
  #sipCaller(id: string, p: Placement, session: MediaSession): SipCallerLeg | undefined {
    const incoming = p.incoming!;
    const caller = p.caller!;
    const media = new LegMedia(session.a, this.#o.media.address, caller.codecs);
    const check = media.check(incoming.request.body);
    if (check !== 200) {
      session.close();
      incoming.respond(check);
      return undefined;
    }
    // Answered once now to learn the caller's codec: the called phones are offered it first.
    media.answer(incoming.request.body);
    return new SipCallerLeg(
      `${id}-a`,
      caller.number,
      incoming,
      media,
      caller.dtmfMode,
      this.#context,
      { side: "a", internal: caller.internal },
    );
  }

  #start(
    id: string,
    p: Pick<Placement, "party" | "dialled" | "type" | "incoming" | "inbound">,
    calling: CallingLeg,
    session: MediaSession | undefined,
    route: {
      routed: RoutedCall;
      destination: Destination;
      recipes: LegRecipe[];
      ringTimeMs?: number;
    },
  ): void {
    let current = route.destination;
    // Leg ids stay unique when the call rings new legs after an outcome.
    const counter = { n: 0 };
    const outbound = current.kind === "outbound";
    // An application that answered hands the call on: new legs in the same call.
    const forward = (from: Leg, to: Destination): boolean => {
      const asking = { party: p.party, calling, routed: route.routed };
      const targets = this.#targetsAfterOutcomes(route.routed, to, asking);
      if (!targets.ok) return false;
      const legs = this.#legs(id, targets.recipes, session, calling, p.party, counter, forward);
      if (legs.length === 0) return false;
      current = targets.destination;
      const ring = targets.ringTimeMs !== undefined ? { ringTimeoutMs: targets.ringTimeMs } : {};
      return call.redirect(from, { number: current.number, legs, ...ring }, ringbackTone());
    };
    const hooks: CallHooks = {
      clock: this.#o.clock,
      changed: (c, what) => this.#changed(c, what),
      legRole: (c, leg, role) => {
        if (leg.internal) this.#states.set(leg.extension, c.id, role, peerOf(c, leg));
      },
      ended: (c, summary) => this.#ended(c, summary),
      inCallCodes: () =>
        (this.#o.inCallCodes?.() ?? []).filter((code) => IN_CALL_FEATURES.has(code.id)),
      inCall: (c, leg, feature, argument) => {
        if (feature === "park") this.#park.park(c, leg);
        else if (feature === "transfer-blind") this.#blindTransfer(c, leg, argument);
        else if (feature === "transfer-attended") this.#attendedTransfer(c, leg, argument);
        else if (feature === "record-toggle") this.#toggleOneTouch(c);
        else if (feature === "conference-in-call") this.#conferenceInCall(c, leg);
      },
      mohClass: (leg) => (leg.internal ? this.#o.profile?.(leg.extension)?.mohClass : undefined),
      outcome: (c, outcome) => {
        const asking = { party: p.party, calling, routed: route.routed };
        const next = this.#onward(current, outcome, asking);
        if (!next) return undefined;
        // Refused onward (a no-answer destination the box lacks): the caller gets its status.
        if (!next.ok) return { number: current.number, legs: [], status: next.status };
        current = next.destination;
        const legs = this.#legs(c.id, next.recipes, c.session, calling, p.party, counter, forward);
        return legs.length > 0
          ? ({
              number: next.destination.number,
              legs,
              ...(next.ringTimeMs !== undefined ? { ringTimeoutMs: next.ringTimeMs } : {}),
            } satisfies NextLegs)
          : undefined;
      },
    };
    const type: CallType = outbound && p.type === "internal" ? "outbound" : p.type;
    if (current.kind === "outbound")
      this.#outbound.set(id, {
        release: current.admit?.(),
        charge: route.recipes.some((r) => r.kind === "outbound" && r.charged)
          ? this.#chargeOf(id, p.party, current.number)
          : undefined,
      });
    const trunk = p.inbound?.trunk ? { trunk: p.inbound.trunk } : {};
    const call = new Call(
      id,
      { caller: p.party, callee: p.dialled, type, session, ...trunk },
      hooks,
    );
    const legs = this.#legs(id, route.recipes, session, calling, p.party, counter, forward);
    this.#registry.add(call, p.incoming?.transaction);
    call.start(calling, legs, route.ringTimeMs ?? this.#ringTimeoutMs());
  }

  #ringTimeoutMs(): number {
    return this.#o.ringTimeoutMs?.() ?? DEFAULT_RING_TIMEOUT_MS;
  }

  /** The legs for `recipes`: SIP contacts on relay side b (the caller's codec first). */
  #legs(
    id: string,
    recipes: readonly LegRecipe[],
    session: MediaSession | undefined,
    calling: Leg,
    party: CallParty,
    counter: { n: number },
    forward: ApplicationOpening["forward"] = () => false,
    /** The relay side SIP legs take: b, or a when the party that stays holds b (park). */
    side: "a" | "b" = "b",
  ): CalledLeg[] {
    const o = this.#o;
    const prefer = calling instanceof SipLeg ? calling.media.codec?.name : undefined;
    const next = () => `${id}-b${++counter.n}`;
    return recipes.flatMap((recipe): CalledLeg[] => {
      switch (recipe.kind) {
        case "sip": {
          if (!session) return [];
          const callee = recipe.extension;
          const media = new LegMedia(session[side], o.media.address, callee.codecs);
          // A page only speaks to the phone: what the phone sends goes nowhere.
          if (recipe.autoAnswer === "page") media.speakOnly();
          const offer = media.offer(prefer);
          return recipe.contacts.map(
            (binding) =>
              new SipCalleeLeg(
                next(),
                {
                  uri: binding.uri,
                  flow: binding.flow,
                  number: callee.number,
                  domain: o.domain,
                  ...(recipe.autoAnswer ? autoAnswerTarget(binding.userAgent, o.domain) : {}),
                },
                media,
                callee.dtmfMode,
                this.#context,
                offer,
                { side, internal: true },
              ),
          );
        }
        case "fxs":
          return [new FxsLeg(next(), recipe.number, recipe.line, false, this.#analog)];
        case "fxo":
          return [new FxoLeg(next(), recipe.digits, recipe.line, this.#analog, recipe.digits)];
        case "application":
          return [new ApplicationLeg(next(), recipe.number, recipe.clips, recipe.ask)];
        case "refusal":
          return [new RefusalLeg(next(), recipe.number, { ...recipe, callerAudio: calling.audio })];
        case "outbound":
          return [
            this.#outboundLeg(id, next(), recipe.destination, session, party, calling.relaySide),
          ];
        case "app": {
          const opened = recipe.open(recipe.destination, {
            id: next(),
            callId: id,
            caller: party,
            forward,
          });
          return "status" in opened ? [] : [opened];
        }
        case "accepting": {
          const clips = o.acceptance?.(recipe.accept) ?? [];
          return this.#legs(
            id,
            recipe.recipes,
            session,
            calling,
            party,
            counter,
            forward,
            side,
          ).map((leg) => new AcceptingLeg(leg, { clock: o.clock, clips }));
        }
        default:
          return [];
      }
    });
  }

  // --- pickup and park (CALL-8, CALL-9) -------------------------------------------------------

  /** The call a pickup or park code joins, "none" when there is none, undefined for others. */
  #joining(destination: Destination, party: CallParty): Joining | undefined {
    if (destination.kind !== "feature" || !JOINING_CODES.has(destination.code)) return undefined;
    const { code, argument } = destination;
    if (code === "park-retrieve") {
      const parked = this.#park.parkedIn(argument);
      const party = parked?.leg.parked;
      return parked && party
        ? { kind: "retrieve", call: parked.call, leg: parked.leg, parked: party }
        : { kind: "none", phrase: "Nothing Parked" };
    }
    const group = code === "pickup-group" ? (this.#o.pickupGroup?.(party.number) ?? []) : [];
    const picks = (extension: string) =>
      extension !== party.number &&
      (code === "pickup-directed" ? extension === argument : group.includes(extension));
    // The longest ringing first, as a receptionist expects.
    const call = this.#registry
      .list()
      .filter((c) => c.rings((leg) => leg.internal && picks(leg.extension)))
      .sort((a, b) => a.startedAtMs - b.startedAtMs)[0];
    return call ? { kind: "pickup", call } : { kind: "none", phrase: "Nothing To Pick Up" };
  }

  /** What a pickup or retrieval with nothing to join hears: "not available", then 480. */
  #nothingToJoin(party: CallParty, destination: Destination, none: { phrase: string }): LegRecipe {
    return {
      kind: "refusal",
      number: destination.number,
      clips: this.#clips(party, ["call/not-available"]),
      status: 480,
      phrase: none.phrase,
    };
  }

  /** The caller of a pickup or retrieval joins the call it named (looked up again: time passed). */
  #join(id: string, p: Placement, destination: Destination, session: MediaSession | undefined) {
    const joining = this.#joining(destination, p.party);
    if (!joining || joining.kind === "none") {
      session?.close();
      this.#refuse(p, 480, "unavailable", "Nothing To Pick Up");
      return;
    }
    const calling = p.calling ?? this.#sipCaller(id, p, session!);
    if (!calling) return;
    if (joining.kind === "pickup") {
      const peer = joining.call.callingLeg;
      const leg = new AdoptedLeg(calling, session, peer ?? calling);
      if (!peer || !joining.call.pickUp(leg)) leg.hangup(480);
      return;
    }
    const leg = new AdoptedLeg(calling, session, joining.parked);
    if (
      !joining.call.handOn(
        joining.leg,
        { number: calling.extension, legs: [leg] },
        { hangup: true },
      )
    )
      leg.hangup(480);
  }

  /** The park time ran out: the parker's phones ring for the parked party, who hears ringback. */
  #ringBack(call: Call, parker: string, leg: ParkLeg): boolean {
    const destination = this.#router.resolve(parker);
    const stays = leg.parked;
    if (!stays || (destination.kind !== "extension" && destination.kind !== "analog")) return false;
    const routed = this.#router.begin(call.caller, parker);
    const targets = this.#targets(destination, { party: call.caller, calling: undefined, routed });
    if (!targets.ok) return false;
    // The parker's side of the relay session is free: its phones ring on it.
    const legs = this.#legsForStaying(call, stays, targets.recipes, { n: 90 });
    if (legs.length === 0) return false;
    return call.handOn(leg, { number: parker, legs }, { hangup: true, ringback: ringbackTone() });
  }

  /**
   * Legs ringing `recipes` for `stays`, the party left in `call` when the other leaves (park
   * ring-back, transfer): SIP legs on the relay side the other party frees.
   */
  #legsForStaying(call: Call, stays: Leg, recipes: LegRecipe[], counter: { n: number }) {
    const side = stays.relaySide === "b" ? "a" : "b";
    return this.#legs(call.id, recipes, call.session, stays, call.caller, counter, undefined, side);
  }

  // --- transfer (CALL-10) ----------------------------------------------------------------------

  /**
   * The legs that ring `number` for the party that stays when `leaving` leaves `call`: routed
   * with the leaving party's dial permissions (it dialled the number), SIP legs on the relay
   * side the leaving party frees. Undefined when the number cannot be rung from here.
   */
  #transferLegs(call: Call, leaving: Leg, number: string): NextLegs | undefined {
    const stays = leaving === call.callingLeg ? call.answeringLeg : call.callingLeg;
    if (!stays || number === "") return undefined;
    const party = { number: leaving.extension, displayName: "" };
    const routed = this.#router.begin(party, number);
    const first = this.#router.route(routed);
    // Pickup and park codes join other calls: not something to transfer to.
    if (this.#joining(first, party) !== undefined) return undefined;
    // Only the kind of the staying party matters to the routing step (an exchange line).
    const asking = { party, calling: stays as CallingLeg, routed };
    const targets = this.#targetsAfterOutcomes(routed, first, asking);
    if (!targets.ok) return undefined;
    this.#handOns += 100;
    const legs = this.#legsForStaying(call, stays, targets.recipes, { n: this.#handOns });
    if (legs.length === 0) return undefined;
    return {
      number: targets.destination.number,
      legs,
      ...(targets.ringTimeMs !== undefined ? { ringTimeoutMs: targets.ringTimeMs } : {}),
    };
  }

  /** Leg ids of legs rung after a transfer stay unique within their call. */
  #handOns = 0;

  /**
   * Blind transfer (#+number#): the other party is handed on to `number` and hears ringback;
   * the transferring party's leg ends. A number that cannot ring is said so and the call goes
   * on. True when handed on.
   */
  #blindTransfer(call: Call, leaving: Leg, number: string): boolean {
    const next = this.#transferLegs(call, leaving, number);
    if (next && call.handOn(leaving, next, { hangup: true, ringback: ringbackTone() })) return true;
    for (const leg of next?.legs ?? []) leg.hangup();
    this.#say(leaving, ["call/not-available"]);
    return false;
  }

  /** Calls handed on by a phone's REFER, and how to tell that phone the outcome. */
  readonly #referrals = new Map<Call, (status: number) => void>();

  /**
   * A phone's REFER in its call's dialog (RFC 3515): a blind Refer-To hands the other party on
   * to the target's number, as #+number does; 202, then NOTIFY message/sipfrag 100 Trying and
   * the outcome (200 once the target answers, else the status the call ended with), then the
   * referring leg ends (BYE from the phone, or from the box shortly after).
   */
  #refer(leg: SipLeg, incoming: IncomingRequest): void {
    const value = incoming.request.headers.get("refer-to");
    const target = value ? parseReferTo(value) : { ok: false as const, reason: "no Refer-To" };
    if (!target.ok) {
      incoming.respond(400, { reason: "Bad Refer-To" });
      return;
    }
    const call = this.#registry.find((l) => l === leg);
    if (call?.state !== "answered") {
      incoming.respond(403, { reason: "Not In A Call" });
      return;
    }
    if (target.kind === "attended") {
      this.#referReplaces(call, leg, incoming, target.replaces);
      return;
    }
    const next = this.#transferLegs(call, leg, target.target.user ?? "");
    if (!next) {
      incoming.respond(404);
      return;
    }
    incoming.respond(202);
    leg.notifyRefer(sipfrag(100, "Trying"), false);
    if (!call.handOn(leg, next, { ringback: ringbackTone() })) {
      for (const l of next.legs) l.hangup();
      leg.notifyRefer(sipfrag(503, "Service Unavailable"), true);
      return;
    }
    this.#referrals.set(call, (status) => {
      this.#referrals.delete(call);
      leg.notifyRefer(sipfrag(status, REASONS[status] ?? "Failed"), true);
      // RFC 5589 §6: the transferor hangs up now; the box does it for a phone that does not.
      this.#o.clock.setTimer(REFERRER_BYE_MS, () => leg.leave());
    });
  }

  /**
   * A phone's REFER with Replaces (RFC 3891, RFC 5589 §7): it has two calls through the box
   * and joins their other parties. The party whose call the phone placed is moved into the
   * other call (it keeps its own relay session, joined frame by frame); both of the phone's
   * legs end: 202, NOTIFY 100 Trying and 200 OK, BYE on the replaced dialog, and the REFER's
   * dialog ended by the phone (or by the box shortly after).
   */
  #referReplaces(call: Call, leg: SipLeg, incoming: IncomingRequest, replaces: Replaces): void {
    const { callId, toTag, fromTag } = replaces;
    const other =
      this.#dialogs.named(callId, toTag, fromTag) ?? this.#dialogs.named(callId, fromTag, toTag);
    const otherCall = other && this.#registry.find((l) => l === other);
    // A phone joins its own calls only.
    if (
      !other ||
      other.extension !== leg.extension ||
      otherCall?.state !== "answered" ||
      otherCall === call
    ) {
      incoming.respond(481, { reason: "Replaced Dialog Not Found" });
      return;
    }
    // The party moved is the answering one of the call the phone placed.
    const [from, into, intoLeg] =
      otherCall.callingLeg === other
        ? [otherCall, call, leg]
        : call.callingLeg === leg
          ? [call, otherCall, other]
          : [undefined, undefined, undefined];
    if (!from || !into) {
      incoming.respond(501, { reason: "Calls Not Placed By The Referrer" });
      return;
    }
    incoming.respond(202);
    leg.notifyRefer(sipfrag(100, "Trying"), false);
    leg.notifyRefer(sipfrag(200, "OK"), true);
    const session = from.session;
    const moved = from.detach();
    if (moved.length === 0) {
      session?.close();
      return;
    }
    const shared = new SharedSession(session);
    const legs = moved.map((l) => new TransferredLeg(l, shared));
    const number = moved[0]?.extension ?? "";
    if (!into.handOn(intoLeg, { number, legs }, { hangup: intoLeg !== leg })) {
      for (const l of legs) l.hangup();
      return;
    }
    // RFC 5589 §7: the transferor hangs up the REFER's dialog; the box does for one that does not.
    if (intoLeg === leg) this.#o.clock.setTimer(REFERRER_BYE_MS, () => leg.leave());
  }

  /** Attended transfer (*2+number): the box calls `number` for `leaving`, the other held. */
  #attendedTransfer(call: Call, leaving: Leg, number: string): boolean {
    const own = leaving instanceof AdoptedLeg ? leaving.inner : leaving;
    return consult(call, leaving, number, {
      // A handset that flashed hears the consultation on its line.
      started: () => {
        if (own instanceof FxsLeg) own.consulting();
      },
      place: (calling, party, dialled) => this.placeFromBox(calling, party, dialled),
      callOf: (leg) => this.#registry.find((l) => l === leg),
      ringback: ringbackTone,
    });
  }

  /**
   * *0 (CALL-5, manual 创建会议): both parties go into a room nobody is in, each in a call of
   * its own (their RTP stays on this call's relay session); the one that pressed is asked for
   * the room's PIN, the other enters at once. Every room taken: the presser hears "not
   * available" and the call goes on.
   */
  #conferenceInCall(call: Call, presser: Leg): void {
    const rooms = this.#o.inCallConference;
    const room = rooms?.freeRoom();
    const session = call.session;
    const parties = room ? call.letGo() : [];
    if (!rooms || !room || parties.length === 0) {
      this.#say(presser, ["call/not-available"]);
      return;
    }
    const shared = new SharedSession(session);
    for (const leg of parties) {
      const party =
        leg === call.callingLeg
          ? call.caller
          : {
              number: leg.extension,
              displayName: this.#o.directory.lookup(leg.extension)?.displayName ?? "",
            };
      const destination = {
        kind: "application" as const,
        number: room,
        app: "conference",
        argument: room,
      };
      const open = rooms.opener(room, leg === presser);
      this.#start(
        randomToken(9),
        { party, dialled: room, type: "internal" },
        new TransferredLeg(leg, shared),
        undefined,
        {
          routed: this.#router.begin(party, room),
          destination,
          recipes: [{ kind: "app", destination, open }],
        },
      );
    }
  }

  /** A party of a call hears `prompts` from the box, the call going on. */
  #say(leg: Leg, prompts: string[]): void {
    const clips = this.#clips({ number: leg.extension, displayName: "" }, prompts);
    if (leg.audio && clips.length > 0) leg.audio.play(new PromptPlayer(clips));
  }

  // --- acting on a destination ---------------------------------------------------------------

  /** The destination's legs; busy or unavailable asks the outcome hooks where to go instead. */
  #targetsAfterOutcomes(routed: RoutedCall, first: Destination, p: Asking): Targets {
    let destination = first;
    for (;;) {
      const targets = this.#targets(destination, p);
      if (targets.ok) return targets;
      const outcome: RouteOutcome | undefined =
        targets.reason === "busy"
          ? "busy"
          : targets.reason === "unavailable"
            ? "unavailable"
            : undefined;
      const next = outcome ? this.#router.next(routed, destination, outcome) : undefined;
      if (!next) return targets;
      destination = next;
    }
  }

  /**
   * Where an unanswered `destination` goes on: a department's next hunt step, else where the
   * outcome hooks send it (the department's no-answer destination among them); undefined ends
   * the call.
   */
  #onward(destination: Destination, outcome: RouteOutcome, p: Asking): Targets | undefined {
    if (destination.kind === "department") {
      const step = this.#hunts.next(p.routed, destination, (m) => this.#canRing(m, p));
      if (step) return this.#ringStep(destination, step, p);
    }
    const next = this.#router.next(p.routed, destination, outcome);
    return next && this.#targetsAfterOutcomes(p.routed, next, p);
  }

  /** What ringing `destination` takes, or the status that says why it cannot ring. */
  #targets(destination: Destination, p: Asking): Targets {
    const fail = (status: number, reason: EndReason): Targets => ({ ok: false, status, reason });
    // A hook may say how long this destination rings (follow-me's steps).
    const ringTimeMs = "ringTimeMs" in destination ? destination.ringTimeMs : undefined;
    // A hook may ask the answerer to accept first (follow-me's confirm mode).
    const accept = "accept" in destination ? destination.accept : undefined;
    const ok = (recipes: LegRecipe[]): Targets => ({
      ok: true,
      destination,
      recipes: accept ? [{ kind: "accepting", recipes, accept }] : recipes,
      ...(ringTimeMs !== undefined ? { ringTimeMs } : {}),
    });
    switch (destination.kind) {
      case "extension": {
        const contacts = this.#o.bindings.get(destination.number);
        if (contacts.length === 0) return fail(480, "unavailable");
        // A paging group's member (CALL-6): its phone answers by itself.
        const auto = destination.autoAnswer ? { autoAnswer: "intercom" as const } : {};
        return ok([{ kind: "sip", extension: destination.extension, contacts, ...auto }]);
      }
      case "analog": {
        const line = this.#o.ports?.fxs(destination.port);
        if (!line) return fail(404, "rejected");
        if (line.state() !== "idle" || this.#isCaller(p.calling, line)) return fail(486, "busy");
        return ok([{ kind: "fxs", number: destination.number, line }]);
      }
      case "department": {
        const step = this.#hunts.first(p.routed, destination, (m) => this.#canRing(m, p));
        return step ? this.#ringStep(destination, step, p) : fail(480, "unavailable");
      }
      case "outbound": {
        // An exchange line to an exchange line would join two exchange calls: not offered.
        if (p.calling?.kind === "fxo") return fail(403, "rejected");
        if (!anyChannel(destination.candidates, this.#channels)) return fail(503, "unavailable");
        // Asked once per call: the answer both refuses and says whether the call is charged.
        const billed = this.#o.billing?.authorizeOutbound(
          p.party.number,
          destination.number,
          this.#o.clock.now(),
        );
        if (billed && !billed.allowed)
          return ok([this.#billingRefusal(p.party, destination, billed)]);
        return ok([{ kind: "outbound", destination, charged: billed?.charged ?? false }]);
      }
      case "feature": {
        if (destination.code === "intercom" || destination.code === "paging")
          return this.#intercomTargets(destination, p, ringTimeMs);
        const said = this.#feature(destination.code, destination.argument, p.party);
        if (!said) return fail(404, "rejected");
        return ok([{ kind: "application", number: destination.number, ...said }]);
      }
      case "refused":
        return {
          ok: false,
          status: destination.status,
          reason: destination.reason,
          ...(destination.phrase ? { phrase: destination.phrase } : {}),
        };
      case "application": {
        const open = this.#o.applications?.[destination.app];
        return open ? ok([{ kind: "app", destination, open }]) : fail(404, "rejected");
      }
      case "unknown":
        return fail(404, "rejected");
    }
  }

  /**
   * SPEC CALL-6 (manual 寻呼与对讲): *50 + extension rings the extension's phones with the
   * header their vendor obeys to answer by themselves (intercom, both ways); *51 + extension
   * the same, but only the caller is heard (a page). An FXS handset cannot answer by itself
   * (the manual leaves analog phones out of paging): it is refused; so is an extension on DND.
   */
  #intercomTargets(
    destination: Extract<Destination, { kind: "feature" }>,
    p: Asking,
    ringTimeMs: number | undefined,
  ): Targets {
    const target = this.#router.resolve(destination.argument, p.party);
    if (target.kind !== "extension" || target.number === p.party.number)
      return { ok: false, status: 404, reason: "rejected", phrase: "Not Pageable" };
    if (this.#o.refusesCalls?.(target.number)) return { ok: false, status: 486, reason: "busy" };
    const contacts = this.#o.bindings.get(target.number);
    if (contacts.length === 0) return { ok: false, status: 480, reason: "unavailable" };
    const autoAnswer = destination.code === "paging" ? "page" : "intercom";
    return {
      ok: true,
      destination,
      recipes: [{ kind: "sip", extension: target.extension, contacts, autoAnswer }],
      ...(ringTimeMs !== undefined ? { ringTimeMs } : {}),
    };
  }

  /** The legs of one hunt step of a department (EXT-1). */
  #ringStep(
    destination: Destination,
    step: { members: readonly MemberDestination[]; ringTimeMs: number },
    p: Asking,
  ): Targets {
    const recipes = step.members.flatMap((member) => {
      const targets = this.#targets(member, p);
      return targets.ok ? targets.recipes : [];
    });
    if (recipes.length === 0) return { ok: false, status: 480, reason: "unavailable" };
    return { ok: true, destination, recipes, ringTimeMs: step.ringTimeMs };
  }

  /** A department member rings unless it is the caller, in a call, or has nothing to ring. */
  #canRing(member: MemberDestination, p: Asking): boolean {
    if (member.number === p.party.number) return false;
    if (this.#states.state(member.number) === "busy") return false;
    return this.#targets(member, p).ok;
  }

  #isCaller(calling: CallingLeg | undefined, line: FxsLine): boolean {
    return calling !== undefined && onLine(calling, line);
  }

  /** Where an outbound candidate's channel comes from now. */
  get #channels(): Pick<OutboundLegDeps, "fxoLine" | "channels"> {
    return {
      fxoLine: (port) =>
        (this.#o.ports?.fxo() ?? []).find(
          (l) =>
            (port === undefined || l.index === port) && l.state() === "idle" && l.lineConnected(),
        ),
      channels: this.#o.channels,
    };
  }

  /** The outbound call's leg: the PIN first when the route asks for one, then failover. */
  #outboundLeg(
    callId: string,
    legId: string,
    destination: OutboundDestination,
    session: MediaSession | undefined,
    caller: CallParty,
    callerSide: "a" | "b" | undefined,
  ): CalledLeg {
    const facts = this.#outbound.get(callId) ?? {};
    this.#outbound.set(callId, facts);
    const address = this.#o.media.address;
    const deps: OutboundLegDeps = {
      ...this.#channels,
      analog: this.#analog,
      opening: session ? { caller, media: { session, address }, sip: this.#context } : undefined,
      tried: (trunk) => {
        facts.trunk = trunk;
      },
    };
    const place = () => outboundLeg(legId, destination.digits, destination.candidates, deps);
    const check = destination.pinCheck;
    if (!check) return place();
    const lang = promptLanguage(this.#o.profile?.(caller.number)?.language);
    const clips = (names: readonly string[]) =>
      names.flatMap((name) => this.#o.voice?.clip(lang, name) ?? []);
    return new PinLeg(legId, destination.number, {
      clock: this.#o.clock,
      clips: { ask: clips(PIN_PROMPTS.ask), wrong: clips(PIN_PROMPTS.wrong) },
      check,
      relaySide: callerSide ? "b" : undefined,
      // Billed from the far end's answer, not from the box's answer for the PIN prompt.
      farEndAnswered: () => this.#charge(callId),
      place: (pin) => {
        facts.pin = pin;
        return place();
      },
    });
  }

  /**
   * A feature code (CALL-2, CALL-11, CALL-14, CALL-15): the handler registered under the
   * table's id acts for the caller, and what it says back is spoken in the caller's language.
   */
  #feature(
    id: string,
    argument: string,
    caller: CallParty,
  ): { clips: Int16Array[]; ask?: ApplicationAsk } | undefined {
    const handler = this.#o.features?.[id];
    if (!handler) return undefined;
    const reply = handler(caller, argument, (number) => this.#router.resolve(number, caller));
    const voice = this.#o.voice;
    const lang = promptLanguage(this.#o.profile?.(caller.number)?.language);
    const clips = (r: FeatureReply) => r.say.flatMap((n) => voice?.clip(lang, n) ?? []);
    const ask = reply.ask?.bind(reply);
    if (!ask) return { clips: clips(reply) };
    return { clips: clips(reply), ask: { clock: this.#o.clock, answer: (d) => clips(ask(d)) } };
  }

  // --- records and events --------------------------------------------------------------------

  readonly #recording = new Map<string, CallRecording>();
  /** One-touch recordings running now, by call id. */
  readonly #oneTouch = new Map<string, CallRecording>();
  /** Per outbound call: the trunk tried last, the PIN entered, the toll fuse's release. */
  readonly #outbound = new Map<
    string,
    { trunk?: string; pin?: string; release?: () => void; charge?: CallCharge }
  >();

  #changed(call: Call, state: "ringing" | "answered" | "held" | "resumed"): void {
    if (state === "answered") {
      this.#referrals.get(call)?.(200);
      this.#startRecording(call);
      // A PIN route's call is answered by the box for its prompt: charged from the far end's
      // answer instead (#outboundLeg).
      if (!(call.answeringLeg instanceof PinLeg)) this.#charge(call.id);
    }
    this.#o.events.emit({
      type: "call",
      callId: call.id,
      state,
      caller: call.caller.number,
      callee: call.callee,
      atMs: this.#o.clock.now(),
    });
  }

  /** An extension's CALL-16 recording setting (IP or analog); "none" for anyone else. */
  #recordingMode(number: string): RecordingMode {
    return (
      this.#o.directory.lookup(number)?.recording ?? this.#o.profile?.(number)?.recording ?? "none"
    );
  }

  /** CALL-16: recorded when the calling party records outbound or the answering one inbound. */
  #startRecording(call: Call): void {
    const store = this.#o.recordings;
    const bridge = call.bridge;
    const a = call.callingLeg;
    const b = call.answeringLeg;
    if (!store || !bridge || !a || !b || !a.audio || !b.audio) return;
    const modeOf = (leg: Leg): RecordingMode =>
      leg.internal ? this.#recordingMode(leg.extension) : "none";
    if (!wantsRecording(modeOf(a), modeOf(b))) return;
    const extensions = [a, b].filter((l) => l.internal).map((l) => l.extension);
    this.#recording.set(
      call.id,
      new CallRecording(this.#o.clock, store, [(f) => bridge.tap(a, f), (f) => bridge.tap(b, f)], {
        kind: "call",
        direction: call.type,
        extensions: [...new Set(extensions)],
        peerNumber: b.extension,
        callId: call.id,
      }),
    );
  }

  /**
   * CALL-16 one-touch recording (manual 功能码 — 一键录音 *1): either party's *1 starts
   * recording both parties until the call ends or *1 again; each stretch is its own recording,
   * listed as kind one-touch.
   */
  #toggleOneTouch(call: Call): void {
    const running = this.#oneTouch.get(call.id);
    if (running) {
      this.#oneTouch.delete(call.id);
      running.finish();
      return;
    }
    const store = this.#o.recordings;
    const bridge = call.bridge;
    const a = call.callingLeg;
    const b = call.answeringLeg;
    if (!store || !bridge || !a || !b || !a.audio || !b.audio) return;
    const extensions = [a, b].filter((l) => l.internal).map((l) => l.extension);
    this.#oneTouch.set(
      call.id,
      new CallRecording(this.#o.clock, store, [(f) => bridge.tap(a, f), (f) => bridge.tap(b, f)], {
        kind: "one-touch",
        direction: call.type,
        extensions: [...new Set(extensions)],
        peerNumber: b.extension,
        callId: call.id,
      }),
    );
  }

  /**
   * CALL-16 for a caller an application puts through to an extension itself, their audio
   * joined outside the call's bridge (a queue's agent, CALL-13): recorded, as the caller's call,
   * when the extension records the calls it takes. Only its setting is asked here: the
   * caller's (outbound) is the call's, asked when the box answered it. `parties`: the caller,
   * the extension.
   */
  recordPutThrough(start: {
    callId: string;
    caller: CallParty;
    answerer: string;
    parties: readonly [caller: AudioTap, answerer: AudioTap];
  }): { finish(): unknown } | undefined {
    const store = this.#o.recordings;
    if (!store || !wantsRecording("none", this.#recordingMode(start.answerer))) return undefined;
    const callerIsExtension = this.#o.directory.lookup(start.caller.number) !== undefined;
    return new CallRecording(this.#o.clock, store, start.parties, {
      kind: "call",
      direction: this.#registry.get(start.callId)?.type ?? "internal",
      extensions: callerIsExtension ? [start.caller.number, start.answerer] : [start.answerer],
      peerNumber: start.answerer,
      callId: start.callId,
    });
  }

  /** Calls the box placed that leave no record of their own (`callFromBox`'s `unrecorded`). */
  readonly #unrecorded = new Set<string>();

  #ended(call: Call, summary: CallSummary): void {
    this.#registry.remove(call);
    this.#referrals.get(call)?.(summary.sipStatus ?? 487);
    const recording = this.#recording.get(call.id);
    this.#recording.delete(call.id);
    const oneTouch = this.#oneTouch.get(call.id);
    this.#oneTouch.delete(call.id);
    const touched = oneTouch?.finish() !== undefined;
    const recorded = recording?.finish() !== undefined || touched;
    const outbound = this.#outbound.get(call.id);
    this.#outbound.delete(call.id);
    outbound?.release?.();
    // Settled once, before the record is written; the charge and the record share the call id.
    outbound?.charge?.ended(summary.endedAtMs);
    this.#o.events.emit({
      type: "call",
      callId: call.id,
      state: "ended",
      caller: call.caller.number,
      callee: call.callee,
      reason: summary.reason,
      atMs: summary.endedAtMs,
    });
    if (this.#unrecorded.delete(call.id)) return;
    this.#o.onRecord?.({
      ...summary,
      // An application that put the caller through may have recorded it (recordPutThrough).
      recorded: recorded || summary.recorded,
      ...(outbound?.trunk ? { trunk: outbound.trunk } : {}),
      ...(outbound?.pin ? { pin: outbound.pin } : {}),
    });
  }

  // --- billing (SPEC BILL-2, BILL-8) -----------------------------------------------------------

  /** A billed caller who may not call out now hears why, then gets 403. */
  #billingRefusal(
    party: CallParty,
    destination: OutboundDestination,
    refused: Extract<OutboundDecision, { allowed: false }>,
  ): LegRecipe {
    const locked = refused.reason === "locked";
    return {
      kind: "refusal",
      number: destination.number,
      clips: this.#clips(party, [locked ? "call/no-permission" : "call/insufficient-balance"]),
      status: 403,
      phrase: locked ? "Account Locked" : "Insufficient Funds",
    };
  }

  /** The outbound call `callId` was answered: its charge starts, or it is hung up unpaid. */
  #charge(callId: string): void {
    const charge = this.#outbound.get(callId)?.charge;
    const call = this.#registry.get(callId);
    if (!charge || !call || charge.answered(this.#o.clock.now())) return;
    // Answered, but another call took the money meanwhile: told, then hung up.
    this.#warn(call);
    this.#o.clock.setTimer(WARNING_PLAY_MS, () => call.hangup("rejected"));
  }

  /** The charge of an outbound call its caller pays for. */
  #chargeOf(callId: string, party: CallParty, number: string): CallCharge | undefined {
    const billing = this.#o.billing;
    if (!billing) return undefined;
    const call = () => this.#registry.get(callId);
    return new CallCharge({
      clock: this.#o.clock,
      billing,
      callId,
      extension: party.number,
      number,
      warn: () => {
        const c = call();
        if (c) this.#warn(c);
      },
      cut: () => call()?.hangup("insufficient-funds"),
    });
  }

  /** The caller of an answered call hears that its money runs out (the other party too). */
  #warn(call: Call): void {
    const clips = this.#clips(call.caller, ["call/insufficient-balance"]);
    const audio = call.callingLeg?.audio;
    if (clips.length === 0 || !audio) return;
    audio.play(new PromptPlayer(clips));
  }

  /** Built-in prompts in `party`'s language. */
  #clips(party: CallParty, names: readonly string[]): Int16Array[] {
    const lang = promptLanguage(this.#o.profile?.(party.number)?.language);
    return names.flatMap((name) => this.#o.voice?.clip(lang, name) ?? []);
  }

  /** A call refused before anything rang still leaves a record (REP-1: not answered). */
  #refuse(p: Placement, status: number, reason: EndReason, phrase?: string): void {
    const why = phrase ?? (status === 480 ? "Not Registered" : undefined);
    if (p.incoming) p.incoming.respond(status, why ? { reason: why } : {});
    // A handset hears busy or congestion tone; an exchange line is left to ring out.
    p.calling?.hangup(status);
    const now = this.#o.clock.now();
    this.#o.onRecord?.({
      id: randomToken(9),
      sipCallId: p.incoming?.request.callId ?? "",
      caller: p.party,
      callee: p.dialled,
      finalCallee: p.dialled,
      startedAtMs: now,
      endedAtMs: now,
      status: "not-answered",
      reason,
      sipStatus: status,
      recorded: false,
      type: p.type,
      ...(p.inbound?.trunk ? { trunk: p.inbound.trunk } : {}),
    });
  }
}

/** A relay session is opened for SIP legs, trunk channels, PIN prompts and applications. */
function needsRelay(recipe: LegRecipe): boolean {
  // An application may hand the call on to a SIP phone.
  if (recipe.kind === "sip" || recipe.kind === "app") return true;
  if (recipe.kind === "accepting") return recipe.recipes.some(needsRelay);
  if (recipe.kind !== "outbound") return false;
  const { pinCheck, candidates } = recipe.destination;
  return pinCheck !== undefined || candidates.some((c) => c.channel.kind !== "fxo");
}

/** Whether `leg` is the handset on `line`, in its own call or one it joined (pickup, park). */
function onLine(leg: Leg, line: FxsLine): boolean {
  const own = leg instanceof AdoptedLeg ? leg.inner : leg;
  return own instanceof FxsLeg && own.line === line;
}

/** How long a transferor told its REFER's outcome has to hang up before the box does. */
const REFERRER_BYE_MS = 2000;

/** Reason phrases of the NOTIFY sipfrag (RFC 3515 §2.4.5). */
const REASONS: Record<number, string> = {
  200: "OK",
  404: "Not Found",
  480: "Temporarily Unavailable",
  486: "Busy Here",
  487: "Request Terminated",
  488: "Not Acceptable Here",
  503: "Service Unavailable",
  603: "Decline",
};

/** What a caller already answered hears while an application hands the call on. */
function ringbackTone(): TonePlayer {
  return new TonePlayer(toneSpec("ringback"));
}
