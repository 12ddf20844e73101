// SPEC ROUTE-1: which new INVITEs come from a trunk. A provider or a peer box does not answer
// the box's digest challenge: its INVITE is admitted by where it comes from, a peer trunk's
// address or a register trunk's registrar. The called number (the DID) is the Request-URI's
// user, else the To user (RFC 3261 §8.1.1.1: a provider may put the DID in either). Anything
// else goes the way of a phone's INVITE (digest: 401, then 403 or the call).

import type { Binding } from "../registrar/binding-store.ts";
import type { IncomingRequest, MethodHandler } from "../sip/core/sip-stack.ts";
import type { SipRequest } from "../sip/message/message.ts";
import { parseSipUri } from "../sip/message/uri.ts";
import type { Flow } from "../sip/transport/transport.ts";
import type { SipCaller } from "./call-engine.ts";

/** A trunk as admission needs it. */
export interface TrunkSource {
  id: number;
  name: string;
  codecs: readonly string[];
  dtmfMode: string;
}

export interface TrunkAdmissionOptions {
  /** The enabled trunk an address (and port) belongs to: a peer, or a register trunk's registrar. */
  trunkFrom(address: string, port: number): TrunkSource | undefined;
  /** Registered phones: one registered from exactly this flow is a phone, not the trunk. */
  bindings: { get(extension: string): readonly Binding[] };
}

/** An INVITE admitted as an inbound call from a trunk. */
export interface TrunkCall {
  trunk: TrunkSource;
  /** The number the far end called ("" when neither URI has a user part). */
  did: string;
  caller: SipCaller;
}

/** The trunk call `request` is, or undefined when it is not from a trunk. */
export function admitTrunkInvite(
  request: SipRequest,
  flow: Flow,
  o: TrunkAdmissionOptions,
): TrunkCall | undefined {
  const trunk = o.trunkFrom(flow.address, flow.port);
  if (!trunk) return undefined;
  const from = parseSipUri(request.from?.uri ?? "");
  const fromUser = from.ok ? (from.uri.user ?? "") : "";
  // A phone on the provider's host (a box beside its carrier, a test on loopback) registered
  // from this very address and port: its INVITE is the phone's, checked by digest.
  const sameFlow = (b: Binding) => b.flow.address === flow.address && b.flow.port === flow.port;
  if (fromUser !== "" && o.bindings.get(fromUser).some(sameFlow)) return undefined;
  return {
    trunk,
    did: userOf(request.uri) || userOf(request.to?.uri ?? ""),
    caller: {
      number: fromUser || "anonymous",
      displayName: request.from?.displayName ?? "",
      codecs: trunk.codecs,
      dtmfMode: trunk.dtmfMode,
      internal: false,
    },
  };
}

function userOf(uri: string): string {
  const parsed = parseSipUri(uri);
  const user = parsed.ok ? (parsed.uri.user ?? "") : "";
  try {
    // "%2B86..." is "+86...": routes match the number, not its escaping.
    return decodeURIComponent(user);
  } catch {
    return user;
  }
}

/** Where an admitted trunk call goes: its caller, DID and trunk, to the call engine. */
export interface TrunkCallSink {
  accept(incoming: IncomingRequest, call: TrunkCall): void;
}

/**
 * The INVITE handler: new INVITEs from a trunk go to `sink`; re-INVITEs and everything else
 * to `phones` (the engine: in-dialog routing, digest for extensions).
 */
export function trunkInviteHandler(
  phones: MethodHandler,
  o: TrunkAdmissionOptions,
  sink: TrunkCallSink,
): MethodHandler {
  return {
    ...(phones.accepts ? { accepts: phones.accepts } : {}),
    handle(incoming) {
      const { request } = incoming;
      const call = request.to?.params.has("tag")
        ? undefined
        : admitTrunkInvite(request, incoming.flow, o);
      if (call) sink.accept(incoming, call);
      else phones.handle(incoming);
    },
  };
}
