// RFC 3261 §12.2.2: a request inside a dialog (BYE, INFO, UPDATE, re-INVITE) that matches no
// dialog the box holds gets 481 Call/Transaction Does Not Exist.

import type { IncomingRequest, MethodHandler } from "../sip/core/sip-stack.ts";

/** Answers in-dialog methods; `find` returns the dialog's handler for the request, if any. */
export function dialogRequests(
  find: (incoming: IncomingRequest) => MethodHandler | undefined,
): MethodHandler {
  return {
    handle(incoming: IncomingRequest) {
      const dialog = find(incoming);
      if (dialog) dialog.handle(incoming);
      else incoming.respond(481);
    },
  };
}
