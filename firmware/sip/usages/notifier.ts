// RFC 6665 notifier: the subscription dialogs of the event packages the box serves. A
// SUBSCRIBE the user admits creates a dialog (§4.2.1: the 200 carries the To tag and the
// Expires granted), is answered by an immediate NOTIFY with the current state (§4.2.1.2),
// and lives until it is unsubscribed (Expires: 0), expires (NOTIFY terminated;reason=timeout,
// §4.2.2), or a NOTIFY is answered 481 / 408 / not at all (§4.2.2: the subscription is gone).
// Bodies are the user's: this file never reads them (STYLE 5).
//
// One NOTIFY at a time per subscription: a change while one is outstanding is sent once it is
// answered, with the state of that moment. Lamps show the current state, and a phone never
// sees an older state arrive after a newer one over UDP.

import type { Clock, Timer } from "../clock.ts";
import { parseEvent } from "../core/event-header.ts";
import { buildRequest } from "../core/request-builder.ts";
import type { IncomingRequest, MethodHandler } from "../core/sip-stack.ts";
import type { SipRequest } from "../message/message.ts";
import type { ClientTransactionUser } from "../transaction/non-invite-client.ts";
import type { Flow, Protocol } from "../transport/transport.ts";

/** What a subscription watches, and who watches it; the user's answer to a SUBSCRIBE. */
export interface Admission {
  /** The watched resource (an extension number, a mailbox). */
  resource: string;
  /** Who subscribed (the authenticated extension). */
  subscriber: string;
}

/** One event package's state, as NOTIFY bodies carry it. */
export interface EventSource {
  /** The package name, lower case ("dialog", "message-summary", "presence"). */
  event: string;
  contentType: string;
  /** The body describing `resource` now, for one subscription (whose NOTIFY count it may read). */
  body(resource: string, subscription: SubscriptionView): Uint8Array;
}

export interface SubscriptionView {
  readonly id: string;
  readonly event: string;
  readonly resource: string;
  readonly subscriber: string;
  /** NOTIFYs sent so far in this subscription (RFC 4235's version counts from 0). */
  readonly notifies: number;
  readonly flow: Flow;
  readonly expiresAtMs: number;
}

export type EndReason =
  | "timeout"
  | "unsubscribed"
  | "notify-failed"
  | "rejected"
  | "replaced"
  | "closed";

export interface NotifierOptions {
  stack: { request(request: SipRequest, flow: Flow, user: ClientTransactionUser): unknown };
  clock: Clock;
  /** Host and port the box is reached at over `protocol`, for Via and Contact. */
  sentBy(protocol: Protocol): string;
  /** RFC 6665 §4.2.1.1: shorter requests get 423 with Min-Expires. */
  minExpiresS: number;
  /** Longer requests are granted this. */
  maxExpiresS: number;
  /** When the SUBSCRIBE has no Expires (RFC 4235 §3 and RFC 3842 §4: 3600). */
  defaultExpiresS: number;
  /**
   * Decides whether a new SUBSCRIBE may watch; answers it (401, 403, 404...) and returns
   * undefined when not. Called for initial SUBSCRIBEs only: refreshes stay in their dialog.
   */
  admit(incoming: IncomingRequest, event: string): Admission | undefined;
  /** Room for one more subscription of `subscriber` (caps); a full box answers 503. */
  hasRoom?(subscriber: string): boolean;
  /** Told after a subscription starts or ends (status counters). */
  changed?(subscription: SubscriptionView, ended?: EndReason): void;
}

interface Subscription extends SubscriptionView {
  notifies: number;
  flow: Flow;
  expiresAtMs: number;
  source: EventSource;
  /** The Event header value to echo (package and id parameter). */
  eventHeader: string;
  callId: string;
  localTag: string;
  remoteTag: string;
  /** The subscriber's From (our NOTIFY's To) and the SUBSCRIBE's To without tag (our From). */
  remote: string;
  local: string;
  /** Where NOTIFYs go: the SUBSCRIBE's Contact, sent over the flow it came on. */
  target: string;
  remoteCseq: number;
  localCseq: number;
  timer?: Timer;
  inFlight: boolean;
  /** A change arrived while a NOTIFY was outstanding. */
  pending: boolean;
  /** Set once the final NOTIFY is queued: nothing may follow it. */
  ending?: string;
}

export class Notifier {
  readonly #o: NotifierOptions;
  readonly #byDialog = new Map<string, Subscription>();
  readonly #byResource = new Map<string, Set<Subscription>>();
  #nextId = 1;

  constructor(options: NotifierOptions) {
    this.#o = options;
  }

  /** The SUBSCRIBE handler of one package, for the box's Event-package dispatch. */
  handler(source: EventSource): MethodHandler {
    return { handle: (incoming) => this.#subscribe(incoming, source) };
  }

  /** Sends every watcher of `resource` in `event` the current state. */
  notify(event: string, resource: string): void {
    for (const sub of this.#byResource.get(key(event, resource)) ?? []) this.#send(sub);
  }

  /** Ends the subscriptions `which` selects with NOTIFY terminated;reason=`reason`. */
  terminate(
    which: (s: SubscriptionView) => boolean,
    reason: "rejected" | "deactivated" | "noresource",
  ): number {
    let n = 0;
    for (const sub of [...this.#byDialog.values()]) {
      if (sub.ending || !which(sub)) continue;
      this.#finish(sub, `terminated;reason=${reason}`, "rejected");
      n++;
    }
    return n;
  }

  /** The live subscriptions (for caps and the status page). */
  list(): SubscriptionView[] {
    return [...this.#byDialog.values()].filter((s) => !s.ending);
  }

  /** Watchers of one resource in one package. */
  watchers(event: string, resource: string): number {
    return this.#byResource.get(key(event, resource))?.size ?? 0;
  }

  /** Drops everything without NOTIFYs (the box is stopping). */
  close(): void {
    for (const sub of [...this.#byDialog.values()]) this.#remove(sub, "closed");
  }

  #subscribe(incoming: IncomingRequest, source: EventSource): void {
    const { request } = incoming;
    const toTag = request.to?.params.get("tag");
    const expires = parseExpires(request.headers.get("expires"));
    if (expires === null) {
      incoming.respond(400, { reason: "Bad Expires" });
      return;
    }
    const callId = request.callId ?? "";
    const fromTag = request.from?.params.get("tag") ?? "";
    if (toTag !== undefined) {
      // §4.2.1.2 refresh or §4.2.1.4 unsubscribe: inside an existing dialog or 481.
      const sub = this.#byDialog.get(dialogKey(callId, toTag, fromTag));
      if (!sub || sub.ending || sub.event !== source.event) {
        incoming.respond(481);
        return;
      }
      // Only the host that made the subscription may move or end it (no NOTIFYs redirected
      // at a third party by someone who learnt the dialog's identifiers).
      if (incoming.flow.address !== sub.flow.address) {
        incoming.respond(403);
        return;
      }
      const seq = request.cseq?.seq ?? 0;
      if (seq <= sub.remoteCseq) {
        incoming.respond(500, { reason: "CSeq Out Of Order" });
        return;
      }
      sub.remoteCseq = seq;
      this.#refresh(incoming, sub, expires);
      return;
    }
    const granted = this.#grant(incoming, expires);
    if (granted === undefined) return;
    const admission = this.#o.admit(incoming, source.event);
    if (!admission) return;
    const contact =
      request.headers.get("contact")?.match(/<([^>]+)>/)?.[1] ??
      request.headers.get("contact")?.split(";")[0]?.trim();
    if (!contact || !fromTag) {
      incoming.respond(400, { reason: contact ? "Missing From Tag" : "Missing Contact" });
      return;
    }
    if (granted > 0 && this.#o.hasRoom && !this.#o.hasRoom(admission.subscriber)) {
      incoming.respond(503, {
        reason: "Too Many Subscriptions",
        headers: [["retry-after", "300"]],
      });
      return;
    }
    const event = parseEvent(request.headers.get("event"))!;
    const id = event.params.get("id");
    const sub: Subscription = {
      id: `s${this.#nextId++}`,
      event: source.event,
      resource: admission.resource,
      subscriber: admission.subscriber,
      notifies: 0,
      flow: incoming.flow,
      expiresAtMs: this.#o.clock.now() + granted * 1000,
      source,
      eventHeader: id !== undefined ? `${source.event};id=${id}` : source.event,
      callId,
      localTag: incoming.localTag,
      remoteTag: fromTag,
      remote: request.headers.get("from")!,
      local: (request.headers.get("to") ?? "").replace(/;\s*tag=[^;]*/i, ""),
      target: contact,
      remoteCseq: request.cseq?.seq ?? 0,
      localCseq: 0,
      inFlight: false,
      pending: false,
    };
    incoming.respond(200, { headers: this.#accepted(incoming.flow, granted) });
    if (granted === 0) {
      // A fetch (§4.4.3): one NOTIFY with the state, no subscription kept.
      sub.ending = "terminated;reason=timeout";
      this.#send(sub);
      return;
    }
    // Some phones refresh with a new initial SUBSCRIBE (same Call-ID and From tag, no To
    // tag): it takes the place of the one before rather than adding a second.
    for (const old of this.#byDialog.values())
      if (old.callId === callId && old.remoteTag === fromTag && old.event === sub.event)
        this.#remove(old, "replaced");
    this.#byDialog.set(dialogKey(callId, sub.localTag, fromTag), sub);
    let watchers = this.#byResource.get(key(sub.event, sub.resource));
    if (!watchers) {
      watchers = new Set();
      this.#byResource.set(key(sub.event, sub.resource), watchers);
    }
    watchers.add(sub);
    this.#arm(sub);
    this.#o.changed?.(sub);
    this.#send(sub);
  }

  #refresh(incoming: IncomingRequest, sub: Subscription, expires: number | undefined): void {
    const granted = this.#grant(incoming, expires);
    if (granted === undefined) return;
    // The phone may have moved (a new Contact, a new connection): NOTIFYs follow it.
    const contact = incoming.request.headers.get("contact")?.match(/<([^>]+)>/)?.[1];
    if (contact) sub.target = contact;
    sub.flow = incoming.flow;
    incoming.respond(200, { headers: this.#accepted(incoming.flow, granted) });
    if (granted === 0) {
      this.#finish(sub, "terminated;reason=timeout", "unsubscribed");
      return;
    }
    sub.expiresAtMs = this.#o.clock.now() + granted * 1000;
    this.#arm(sub);
    this.#send(sub);
  }

  /** RFC 6665 §4.2.1, RFC 3261 §12.1.1: the 200 names the Expires and the dialog's Contact. */
  #accepted(flow: Flow, granted: number): [string, string][] {
    return [
      ["expires", String(granted)],
      ["contact", this.#contact(flow)],
    ];
  }

  #contact(flow: Flow): string {
    return `<sip:${this.#o.sentBy(flow.protocol)};transport=${flow.protocol.toLowerCase()}>`;
  }

  /** The Expires granted; undefined when the request was answered 423. */
  #grant(incoming: IncomingRequest, requested: number | undefined): number | undefined {
    const { minExpiresS, maxExpiresS, defaultExpiresS } = this.#o;
    const asked = requested ?? defaultExpiresS;
    if (asked > 0 && asked < minExpiresS) {
      incoming.respond(423, { headers: [["min-expires", String(minExpiresS)]] });
      return undefined;
    }
    return Math.min(asked, maxExpiresS);
  }

  #arm(sub: Subscription): void {
    sub.timer?.cancel();
    const delayMs = Math.max(0, sub.expiresAtMs - this.#o.clock.now());
    sub.timer = this.#o.clock.setTimer(delayMs, () => {
      sub.timer = undefined;
      this.#finish(sub, "terminated;reason=timeout", "timeout");
    });
  }

  /** Sends the final NOTIFY (after any outstanding one) and forgets the subscription. */
  #finish(sub: Subscription, state: string, reason: EndReason): void {
    sub.ending = state;
    this.#remove(sub, reason);
    this.#send(sub);
  }

  #remove(sub: Subscription, reason: EndReason): void {
    sub.timer?.cancel();
    sub.timer = undefined;
    if (!this.#byDialog.delete(dialogKey(sub.callId, sub.localTag, sub.remoteTag))) return;
    const watchers = this.#byResource.get(key(sub.event, sub.resource));
    watchers?.delete(sub);
    if (watchers?.size === 0) this.#byResource.delete(key(sub.event, sub.resource));
    this.#o.changed?.(sub, reason);
  }

  #send(sub: Subscription): void {
    if (sub.inFlight) {
      sub.pending = true;
      return;
    }
    sub.pending = false;
    sub.inFlight = true;
    const final = sub.ending;
    const leftS = Math.max(0, Math.ceil((sub.expiresAtMs - this.#o.clock.now()) / 1000));
    const sentBy = this.#o.sentBy(sub.flow.protocol);
    const notify = buildRequest({
      method: "NOTIFY",
      uri: sub.target,
      to: sub.remote,
      from: sub.local,
      fromTag: sub.localTag,
      callId: sub.callId,
      cseq: ++sub.localCseq,
      protocol: sub.flow.protocol,
      sentBy,
      contact: this.#contact(sub.flow),
      body: sub.source.body(sub.resource, sub),
      contentType: sub.source.contentType,
    });
    sub.notifies++;
    notify.headers.add("event", sub.eventHeader);
    notify.headers.add("subscription-state", final ?? `active;expires=${leftS}`);
    const done = (failed: boolean) => {
      sub.inFlight = false;
      if (final) return;
      if (failed) {
        // §4.2.2: a NOTIFY answered 481, 408 or not at all ends the subscription.
        sub.ending = "terminated";
        this.#remove(sub, "notify-failed");
        return;
      }
      if (sub.ending || sub.pending) this.#send(sub);
    };
    this.#o.stack.request(notify, sub.flow, {
      onResponse: (response) => {
        if (response.status < 200) return;
        done(ENDING_STATUSES.has(response.status) || response.status >= 600);
      },
      onTimeout: () => done(true),
      onTransportError: () => done(true),
    });
  }
}

/** Answers to a NOTIFY after which the subscriber no longer has the subscription. */
const ENDING_STATUSES = new Set([403, 404, 405, 408, 410, 481, 489, 501]);

function key(event: string, resource: string): string {
  return `${event}\n${resource}`;
}

function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}\n${localTag}\n${remoteTag}`;
}

/** Expires in delta-seconds; undefined when absent, null when malformed. */
function parseExpires(text: string | undefined): number | undefined | null {
  if (text === undefined) return undefined;
  if (!/^\s*\d+\s*$/.test(text)) return null;
  return Math.min(Number(text), 2 ** 32 - 1);
}
