// RFC 3261 §11.2: OPTIONS addressed to the box is answered as an INVITE would be, minus the
// call: 200 with Allow, Accept and Supported, so phones and trunks can use it as a keepalive.

import type { IncomingRequest, MethodHandler, SipStack } from "./sip-stack.ts";

export function optionsResponder(stack: SipStack, supported: readonly string[]): MethodHandler {
  return {
    handle(incoming: IncomingRequest) {
      incoming.respond(200, {
        headers: [
          ["allow", stack.allow],
          ["accept", "application/sdp"],
          ["supported", supported.join(", ")],
        ],
      });
    },
  };
}
