// SUBSCRIBE (and out-of-dialog NOTIFY's partner) handled per event package (RFC 6665 §4.2.1):
// one method, several services: provisioning answers "ua-profile", the lamps "dialog" and
// "message-summary". A SUBSCRIBE for a package nobody serves gets 489 Bad Event naming the
// packages the box does serve in Allow-Events; one without a usable Event header gets 400.
import { parseEvent } from "./event-header.ts";
import type { IncomingRequest, MethodHandler } from "./sip-stack.ts";

export class EventPackages implements MethodHandler {
  readonly #packages = new Map<string, MethodHandler>();

  /** Hands SUBSCRIBEs whose Event names `name` to `handler`. */
  add(name: string, handler: MethodHandler): void {
    this.#packages.set(name.toLowerCase(), handler);
  }

  /** The packages served, as Allow-Events lists them. */
  get allowEvents(): string {
    return [...this.#packages.keys()].join(", ");
  }

  handle(incoming: IncomingRequest): void {
    const raw = incoming.request.headers.get("event");
    const event = parseEvent(raw);
    if (!event) {
      incoming.respond(400, { reason: raw ? "Bad Event Header" : "Missing Event Header" });
      return;
    }
    const handler = this.#packages.get(event.name);
    if (!handler) {
      incoming.respond(489, { headers: [["allow-events", this.allowEvents]] });
      return;
    }
    handler.handle(incoming);
  }
}
