// Calls that start or end on an analog port (SPEC CALL-1, DEV-2, EXT-5, ROUTE-2): a number
// dialled on an FXS handset, an FXO line ringing in (routed to the configured extension until
// inbound routes exist), and SIP INVITEs whose number the dial plan gives to an analog
// extension or to an FXO line (the outbound prefix). Each becomes an AnalogCall; the records
// say internal, inbound (from an FXO line) or outbound (to one).

import type { EventBus } from "../events/event-bus.ts";
import type { ExtensionAuth } from "../extensions/extension-types.ts";
import type { CallerId } from "../lines/caller-id-audio.ts";
import type { FxoLine } from "../lines/fxo-line.ts";
import type { FxsLine } from "../lines/fxs-line.ts";
import type { Binding } from "../registrar/binding-store.ts";
import type { Clock } from "../sip/clock.ts";
import { randomToken } from "../sip/core/identifiers.ts";
import type { IncomingRequest } from "../sip/core/sip-stack.ts";
import { AnalogCall, type AnalogCallHooks, type CallType } from "./analog-call.ts";
import { FxoLeg } from "./analog-fxo-leg.ts";
import { FxsLeg } from "./analog-fxs-leg.ts";
import type { AnalogLeg } from "./analog-leg.ts";
import type { CallParty, CallSummary } from "./call.ts";
import type { CallDialPlan, Target } from "./dial-plan.ts";
import { LegMedia } from "./leg-media.ts";
import type { MediaPort } from "./media-port.ts";
import { SipCalleeLeg } from "./sip-callee-leg.ts";
import { SipCallerLeg } from "./sip-caller-leg.ts";
import type { SipLegContext } from "./sip-leg.ts";

/** The board's analog ports as the call engine needs them. */
export interface AnalogPorts {
  fxs(port: number): FxsLine | undefined;
  /** The analog extension on FXS `port`. */
  fxsExtension(port: number): { number: string; name: string } | undefined;
  fxo(): readonly FxoLine[];
}

export interface AnalogCallsOptions {
  clock: Clock;
  ports: AnalogPorts;
  dialPlan: CallDialPlan;
  /** Where a call ringing in on an FXO line goes (setting "fxo.inboundExtension"). */
  inboundExtension(): string;
  context: SipLegContext;
  media: MediaPort;
  bindings: { get(extension: string): readonly Binding[] };
  domain: string;
  ringTimeoutMs(): number;
  events: EventBus;
  /** BLF state of an extension in a call. */
  setState(extension: string, callId: string, role: "busy" | "ringing" | undefined): void;
  onRecord?(summary: CallSummary & { type: CallType }): void;
}

type Called = { leg: AnalogLeg; type: CallType } | { status: number };

export class AnalogCalls {
  readonly #o: AnalogCallsOptions;
  readonly #calls = new Map<string, AnalogCall>();
  readonly #hooks: AnalogCallHooks;

  constructor(options: AnalogCallsOptions) {
    this.#o = options;
    this.#hooks = {
      clock: options.clock,
      changed: (call, state) => this.#emit(call, state),
      legRole: (call, leg, role) => options.setState(leg.extension, call.id, role),
      ended: (call, summary) => {
        this.#calls.delete(call.id);
        this.#emit(call, "ended", summary.reason);
        options.onRecord?.(summary);
      },
    };
  }

  calls(): AnalogCall[] {
    return [...this.#calls.values()];
  }

  /** A CANCEL for a SIP caller's INVITE; false when no analog call has it. */
  cancel(transaction: object): boolean {
    const call = [...this.#calls.values()].find((c) => c.transaction === transaction);
    call?.cancel();
    return call !== undefined;
  }

  close(): void {
    for (const call of [...this.#calls.values()]) call.hangup();
  }

  /** A number dialled on an FXS handset (BoardServices.setDialHandler). */
  dialled(line: FxsLine, number: string): void {
    const port = `fxs${line.index}`;
    if ([...this.#calls.values()].some((c) => c.uses(port))) {
      // Dialled after a hook flash: transfer is not offered; the held call stays.
      line.playTone("congestion");
      return;
    }
    const own = this.#o.ports.fxsExtension(line.index);
    const party = { number: own?.number ?? port, displayName: own?.name ?? "" };
    const leg = new FxsLeg(`${randomToken(9)}-a`, party.number, line, true);
    void this.#fromAnalog(leg, party, this.#o.dialPlan.resolve(number), "internal");
  }

  /** An FXO line rang with a caller ID (FxoLine "incoming"). */
  incoming(line: FxoLine, callerId: CallerId | null): void {
    const number = callerId?.number || "anonymous";
    const party = { number, displayName: callerId?.name ?? "" };
    const leg = new FxoLeg(`${randomToken(9)}-a`, number, line);
    const target = this.#o.dialPlan.resolve(this.#o.inboundExtension());
    void this.#fromAnalog(leg, party, target, "inbound");
  }

  /** A SIP INVITE the dial plan gave to an analog extension or an FXO line. */
  async fromSip(
    incoming: IncomingRequest,
    caller: ExtensionAuth,
    target: Target,
    party: CallParty,
  ): Promise<void> {
    const { request } = incoming;
    const id = randomToken(9);
    const refuse = (status: number, reason: CallSummary["reason"]) => {
      incoming.respond(status);
      this.#record(party, target.number, "internal", reason, status, request.callId ?? "");
    };
    if (request.body.length === 0) {
      incoming.respond(488, { reason: "Offer Required" });
      return;
    }
    const session = await this.#o.media.open();
    if (!session) {
      incoming.respond(503, { reason: "No Media Ports", headers: [["retry-after", "5"]] });
      return;
    }
    const callerMedia = new LegMedia(session.a, this.#o.media.address, caller.codecs);
    const check = callerMedia.check(request.body);
    if (check !== 200) {
      session.close();
      incoming.respond(check);
      return;
    }
    const called = this.#calledLeg(target, `${id}-b`, "internal");
    if ("status" in called) {
      session.close();
      refuse(called.status, called.status === 486 ? "busy" : "unavailable");
      return;
    }
    const call = new AnalogCall(id, party, target.number, called.type, session, this.#hooks);
    const callerLeg = new SipCallerLeg(
      `${id}-a`,
      caller.number,
      incoming,
      callerMedia,
      caller.dtmfMode,
      this.#o.context,
      call,
    );
    this.#calls.set(id, call);
    call.start(
      { kind: "sip", leg: callerLeg, offer: request.body },
      { kind: "analog", leg: called.leg },
      this.#o.ringTimeoutMs(),
    );
  }

  async #fromAnalog(
    leg: AnalogLeg,
    party: CallParty,
    target: Target,
    type: CallType,
  ): Promise<void> {
    const id = leg.id.slice(0, -2);
    const fail = (status: number, reason: CallSummary["reason"]) => {
      leg.hangup(status);
      this.#record(party, target.number, type, reason, status, "");
    };
    if (target.kind !== "ip") {
      const called = this.#calledLeg(target, `${id}-b`, type);
      if ("status" in called) {
        fail(called.status, called.status === 486 ? "busy" : "unavailable");
        return;
      }
      if (leg.kind === "fxs" && called.leg.port === leg.port) {
        called.leg.hangup();
        fail(486, "busy");
        return;
      }
      const call = new AnalogCall(id, party, target.number, called.type, undefined, this.#hooks);
      this.#calls.set(id, call);
      call.start(
        { kind: "analog", leg },
        { kind: "analog", leg: called.leg },
        this.#o.ringTimeoutMs(),
      );
      return;
    }
    const callee = target.extension;
    const contacts = this.#o.bindings.get(callee.number);
    if (contacts.length === 0) {
      fail(480, "unavailable");
      return;
    }
    const session = await this.#o.media.open();
    if (!session) {
      fail(503, "failed");
      return;
    }
    if (leg.state === "ended") {
      // The handset went down while the media ports were being opened.
      session.close();
      this.#record(party, target.number, type, "cancelled", 487, "");
      return;
    }
    const calleeMedia = new LegMedia(session.b, this.#o.media.address, callee.codecs);
    const call = new AnalogCall(id, party, callee.number, type, session, this.#hooks);
    const forks = contacts.map(
      (binding, i) =>
        new SipCalleeLeg(
          `${id}-b${i + 1}`,
          { uri: binding.uri, flow: binding.flow, number: callee.number, domain: this.#o.domain },
          calleeMedia,
          callee.dtmfMode,
          this.#o.context,
          call,
        ),
    );
    this.#calls.set(id, call);
    call.start(
      { kind: "analog", leg },
      { kind: "sip", forks, offer: calleeMedia.offer(), media: calleeMedia },
      this.#o.ringTimeoutMs(),
    );
  }

  /** The analog leg that `target` names, or the status that says why there is none. */
  #calledLeg(target: Target, id: string, type: CallType): Called {
    if (target.kind === "analog") {
      const line = this.#o.ports.fxs(target.port);
      if (!line) return { status: 404 };
      if (line.state() !== "idle") return { status: 486 };
      return { leg: new FxsLeg(id, target.number, line, false), type };
    }
    if (target.kind === "outbound") {
      // An FXO line to an FXO line would join two exchange calls: not offered.
      if (type === "inbound") return { status: 403 };
      const line = this.#o.ports.fxo().find((l) => l.state() === "idle" && l.lineConnected());
      if (!line) return { status: 503 };
      return { leg: new FxoLeg(id, target.digits, line, target.digits), type: "outbound" };
    }
    return { status: 404 };
  }

  #emit(
    call: AnalogCall,
    state: "ringing" | "answered" | "held" | "resumed" | "ended",
    reason?: string,
  ): void {
    this.#o.events.emit({
      type: "call",
      callId: call.id,
      state,
      caller: call.caller.number,
      callee: call.callee,
      ...(reason ? { reason } : {}),
      atMs: this.#o.clock.now(),
    });
  }

  /** A call refused before anything rang still leaves a record (REP-1: not answered). */
  #record(
    caller: CallParty,
    callee: string,
    type: CallType,
    reason: CallSummary["reason"],
    sipStatus: number,
    sipCallId: string,
  ): void {
    const now = this.#o.clock.now();
    this.#o.onRecord?.({
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
      type,
    });
  }
}
