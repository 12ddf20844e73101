// The first step of the call engine (SPEC CALL-1): find who a new INVITE is for. An unknown
// number gets 404, an extension with no registered contact 480. Calls that reach a
// registered phone are the call engine's; until it bridges them they get 480 too.

import type { BindingStore } from "../registrar/binding-store.ts";
import type { ExtensionLookup } from "../registrar/registrar.ts";
import type { IncomingRequest, MethodHandler } from "../sip/core/sip-stack.ts";
import { parseSipUri } from "../sip/message/uri.ts";

export interface InviteRouterOptions {
  directory: ExtensionLookup;
  bindings: BindingStore;
}

export function inviteRouter(options: InviteRouterOptions): MethodHandler {
  return {
    accepts: ["application/sdp"],
    handle(incoming: IncomingRequest) {
      const uri = parseSipUri(incoming.request.uri);
      const number = uri.ok ? (uri.uri.user ?? "") : "";
      if (!options.directory.lookup(number)) {
        incoming.respond(404);
        return;
      }
      incoming.respond(480, {
        reason: options.bindings.get(number).length ? "Temporarily Unavailable" : "Not Registered",
      });
    },
  };
}
