// SPEC PROV-2, the PnP exchange of the corpus (pnp/README.md): a phone at first boot sends
// `SUBSCRIBE sip:MAC%3a<mac>@224.0.1.75` with `Event: ua-profile;profile-type="device";
// vendor=..;model=..;version=..` (multicast, or unicast to the box). The box answers 200 with
// Expires: 0, lists the phone (vendor, model, firmware, MAC, address), then sends one NOTIFY
// (`Subscription-State: terminated;reason=timeout`, `Content-Type: application/url`) whose
// body is where the phone fetches its configuration: the folder for phones that add their own
// file names, the file itself for Snom and Cisco. The NOTIFY goes back to the address the
// SUBSCRIBE came from, never to an address the message merely names.
// It is the ua-profile package of the box's SUBSCRIBE dispatch (`sip/core/event-packages.ts`);
// with PnP off it answers 489 Bad Event as for a package nobody serves (RFC 6665 §4.2.1.1).
import { parseEvent } from "../sip/core/event-header.ts";
import { buildRequest } from "../sip/core/request-builder.ts";
import type { IncomingRequest, MethodHandler, SipStack } from "../sip/core/sip-stack.ts";
import type { Logger } from "../sip/logger.ts";
import { macFromFileName } from "./phone-mac.ts";
import type { Discovery } from "./phone-service.ts";
import { vendorOf } from "./phone-vendors.ts";

export const PNP_EVENT = "ua-profile";

export interface PnpResponderOptions {
  stack: Pick<SipStack, "request">;
  /** Whether PnP is on (the operator's setting); off, ua-profile gets 489 like any other. */
  enabled(): boolean;
  /** Host and port the box's Via and Contact name. */
  sentBy(): string;
  /** The folder URL phones fetch from, ending with "/". */
  provisioningUrl(): string;
  discovered(found: Discovery): void;
  log: Logger;
}

/** The MAC in `sip:MAC%3a00135E874B49@fake` or `sip:MAC001565f4f9e1@224.0.1.75`. */
export function macOfPnpUri(uri: string): string | undefined {
  const user = /^sips?:([^@;>]+)@/i.exec(uri)?.[1];
  if (!user) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(user);
  } catch {
    return undefined;
  }
  const match = /^MAC:?([0-9a-f]{12})$/i.exec(decoded.replace(/[-]/g, ""));
  return match ? match[1]!.toLowerCase() : macFromFileName(decoded);
}

/** The SIP handler of SUBSCRIBE: PnP's ua-profile. */
export function pnpResponder(options: PnpResponderOptions): MethodHandler {
  return {
    handle(incoming: IncomingRequest) {
      const { request, flow } = incoming;
      const event = parseEvent(request.headers.get("event"));
      if (!event || event.name !== PNP_EVENT || !options.enabled()) {
        incoming.respond(489, { headers: [["allow-events", PNP_EVENT]] });
        return;
      }
      const mac = macOfPnpUri(request.uri) ?? macOfPnpUri(request.to?.uri ?? "");
      if (!mac) {
        incoming.respond(400, { reason: "No MAC In Request-URI" });
        return;
      }
      incoming.respond(200, { headers: [["expires", "0"]] });
      const vendor = event.params.get("vendor") ?? "";
      const found: Discovery = {
        mac,
        vendor,
        model: event.params.get("model") ?? "",
        firmware: event.params.get("version") ?? "",
        address: flow.address,
      };
      options.discovered(found);
      const known = vendorOf(vendor) ?? vendorOf(request.headers.get("user-agent") ?? "");
      const base = options.provisioningUrl();
      const url = known?.notifiesFile ? `${base}${known.fileName(mac)}` : base;
      options.log.info("PnP phone announced", { ...found, url });
      const notify = buildRequest({
        method: "NOTIFY",
        uri:
          request.headers.get("contact")?.match(/<([^>]+)>/)?.[1] ??
          `sip:${flow.address}:${flow.port}`,
        to: request.headers.get("from") ?? `<sip:${flow.address}>`,
        from: request.headers.get("to")?.replace(/;\s*tag=[^;]*/i, "") ?? "<sip:pbx>",
        fromTag: incoming.localTag,
        callId: request.callId,
        cseq: 1,
        protocol: flow.protocol,
        sentBy: options.sentBy(),
        contact: `<sip:${options.sentBy()}>`,
        body: Buffer.from(url),
        contentType: "application/url",
      });
      notify.headers.add("event", request.headers.get("event")!);
      notify.headers.add("subscription-state", "terminated;reason=timeout");
      options.stack.request(notify, flow, {
        onResponse: (response) => {
          if (response.status >= 300)
            options.log.warn("PnP NOTIFY refused", { mac, status: response.status });
        },
        onTimeout: () => options.log.warn("PnP NOTIFY unanswered", { mac }),
      });
    },
  };
}
