// SPEC PROV-3 and CALL-7's message-waiting light: the phones' lamps. Wires the RFC 6665
// notifier onto the box's SUBSCRIBE dispatch for three packages: "dialog" (BLF, RFC 4235),
// "message-summary" (MWI, RFC 3842) and "presence" (RFC 3856), and feeds them from the
// event bus. A SUBSCRIBE is digest-challenged like an INVITE (the same server and HA1s);
// the subscriber's From must be the extension that authenticated. Anyone may watch any
// extension's dialog state and presence; only the extension itself its mailbox.
//
// A subscription dies with its phone's registration: when the binding the SUBSCRIBE came
// from goes (un-REGISTER, expiry, replaced) its subscriptions end with
// NOTIFY terminated;reason=rejected, and a phone that registers again subscribes again.
//
// Unsolicited MWI (setting `lamps.unsolicitedMwi`, on by default): many desk phones (and
// analog adapters) light their lamp from a NOTIFY message-summary sent to their registered
// contact without subscribing. It goes out when the counts change, and when a phone
// registers while its mailbox holds messages, to extensions that have no message-summary
// subscription of their own (those already hear it through the subscription).

import { authenticateInvite, type InviteAuthOptions } from "../calls/invite-auth.ts";
import type { EventBus, ExtensionPeer } from "../events/event-bus.ts";
import type { Binding } from "../registrar/binding-store.ts";
import type { Clock } from "../sip/clock.ts";
import type { EventPackages } from "../sip/core/event-packages.ts";
import { buildRequest } from "../sip/core/request-builder.ts";
import type { IncomingRequest } from "../sip/core/sip-stack.ts";
import type { Logger } from "../sip/logger.ts";
import type { SipRequest } from "../sip/message/message.ts";
import { parseSipUri } from "../sip/message/uri.ts";
import type { ClientTransactionUser } from "../sip/transaction/non-invite-client.ts";
import type { Flow, Protocol } from "../sip/transport/transport.ts";
import { type Admission, Notifier } from "../sip/usages/notifier.ts";
import { DIALOG_INFO_TYPE, dialogInfo } from "./dialog-info.ts";
import { type MailboxCounts, MESSAGE_SUMMARY_TYPE, messageSummary } from "./message-summary.ts";
import { PIDF_TYPE, presencePidf } from "./presence-pidf.ts";

/** Subscriptions per subscribing extension (a phone with expansion modules has ~100 keys). */
export const DEFAULT_MAX_PER_EXTENSION = 200;
/** Subscriptions in all: bounded memory and NOTIFY fan-out. */
export const DEFAULT_MAX_TOTAL = 5000;

export interface LampsOptions {
  stack: { request(request: SipRequest, flow: Flow, user: ClientTransactionUser): unknown };
  subscriptions: EventPackages;
  clock: Clock;
  events: EventBus;
  /** The INVITE authenticator's parts (one digest server, the registrar's HA1s, bans). */
  auth: Omit<InviteAuthOptions, "events" | "clock">;
  bindings: { get(extension: string): readonly Binding[] };
  /** Numbers whose state may be watched (IP and analog extensions). */
  isExtension(number: string): boolean;
  extensionState(number: string): "idle" | "ringing" | "busy";
  /** A mailbox's counts (the voicemail service's; 0/0 where there is none). */
  mailboxCounts(extension: string): MailboxCounts;
  /** The box's address, for the URIs in bodies and in unsolicited NOTIFYs. */
  domain(): string;
  sentBy(protocol: Protocol): string;
  unsolicitedMwi(): boolean;
  limits?: { perExtension?: number; total?: number };
  log: Logger;
}

export interface WatcherCount {
  extension: string;
  dialog: number;
  presence: number;
  messageSummary: number;
}

/** Starts the lamps; returns the watcher counts for the status page and close(). */
export function startLamps(o: LampsOptions) {
  const perExtension = o.limits?.perExtension ?? DEFAULT_MAX_PER_EXTENSION;
  const total = o.limits?.total ?? DEFAULT_MAX_TOTAL;
  // The latest state the bus told, with its peer (the engine's answer for the rest).
  const states = new Map<string, { state: "ringing" | "busy"; peer?: ExtensionPeer }>();
  const notifier: Notifier = new Notifier({
    stack: o.stack,
    clock: o.clock,
    sentBy: o.sentBy,
    minExpiresS: 60,
    maxExpiresS: 3600,
    defaultExpiresS: 3600,
    admit: (incoming, event) => admit(incoming, event),
    hasRoom(subscriber): boolean {
      const all = notifier.list();
      if (all.length >= total) return false;
      return all.filter((s) => s.subscriber === subscriber).length < perExtension;
    },
    changed(sub, ended) {
      o.log.debug(ended ? "subscription ended" : "subscription started", {
        event: sub.event,
        resource: sub.resource,
        subscriber: sub.subscriber,
        ...(ended && { reason: ended }),
      });
    },
  });

  const admit = (incoming: IncomingRequest, event: string): Admission | undefined => {
    const { request } = incoming;
    const from = request.from && parseSipUri(request.from.uri);
    const subscriber = from?.ok ? from.uri.user : undefined;
    if (!subscriber) {
      incoming.respond(403);
      return undefined;
    }
    const authed = authenticateInvite(incoming, subscriber, {
      ...o.auth,
      events: o.events,
      clock: o.clock,
    });
    if (!authed) return undefined;
    const target = parseSipUri(request.uri);
    const resource = target.ok ? target.uri.user : undefined;
    if (event === "message-summary") {
      // A phone asks for its own mailbox at its own URI or at the voicemail number its
      // configuration names; another extension's mailbox is not for it.
      if (resource !== subscriber && resource !== undefined && o.isExtension(resource)) {
        incoming.respond(403, { reason: "Not Your Mailbox" });
        return undefined;
      }
      return { resource: subscriber, subscriber };
    }
    if (!resource || !o.isExtension(resource)) {
      incoming.respond(404);
      return undefined;
    }
    return { resource, subscriber };
  };

  const stateOf = (extension: string) =>
    states.get(extension) ?? { state: o.extensionState(extension) };
  o.subscriptions.add(
    "dialog",
    notifier.handler({
      event: "dialog",
      contentType: DIALOG_INFO_TYPE,
      body: (extension, sub) =>
        Buffer.from(
          dialogInfo({
            extension,
            domain: o.domain(),
            ...stateOf(extension),
            version: sub.notifies,
          }),
        ),
    }),
  );
  o.subscriptions.add(
    "presence",
    notifier.handler({
      event: "presence",
      contentType: PIDF_TYPE,
      body: (extension) =>
        Buffer.from(
          presencePidf({
            extension,
            domain: o.domain(),
            registered: o.bindings.get(extension).length > 0,
            state: stateOf(extension).state,
          }),
        ),
    }),
  );
  const summaryOf = (extension: string) =>
    Buffer.from(messageSummary(o.mailboxCounts(extension), `sip:${extension}@${o.domain()}`));
  o.subscriptions.add(
    "message-summary",
    notifier.handler({
      event: "message-summary",
      contentType: MESSAGE_SUMMARY_TYPE,
      body: (extension) => summaryOf(extension),
    }),
  );

  /** A NOTIFY outside any subscription to one registered contact of `extension`. */
  const notifyContact = (
    binding: Binding,
    extension: string,
    event: string,
    state: string,
    content?: { body: Uint8Array; contentType: string },
  ) => {
    const sentBy = o.sentBy(binding.flow.protocol);
    const account = `<sip:${extension}@${o.domain()}>`;
    const notify = buildRequest({
      method: "NOTIFY",
      uri: binding.uri,
      to: account,
      from: account,
      protocol: binding.flow.protocol,
      sentBy,
      contact: `<sip:${sentBy}>`,
      ...content,
    });
    notify.headers.add("event", event);
    notify.headers.add("subscription-state", state);
    o.stack.request(notify, binding.flow, {
      onResponse: (r) => o.log.debug("NOTIFY answered", { extension, event, status: r.status }),
      onTimeout: () => o.log.debug("NOTIFY unanswered", { extension, event }),
      onTransportError: () => {},
    });
  };

  /** RFC 3842 without a subscription: one NOTIFY to each registered contact of `extension`. */
  const unsolicited = (extension: string, only?: Binding) => {
    if (!o.unsolicitedMwi()) return;
    if (notifier.watchers("message-summary", extension) > 0) return;
    for (const binding of only ? [only] : o.bindings.get(extension)) {
      const body = { body: summaryOf(extension), contentType: MESSAGE_SUMMARY_TYPE };
      notifyContact(binding, extension, "message-summary", "active", body);
    }
  };

  const off = [
    o.events.on("extension-state", (e) => {
      if (e.state === "idle") states.delete(e.extension);
      else states.set(e.extension, { state: e.state, ...(e.peer && { peer: e.peer }) });
      notifier.notify("dialog", e.extension);
      notifier.notify("presence", e.extension);
    }),
    o.events.on("mailbox", (e) => {
      notifier.notify("message-summary", e.extension);
      unsolicited(e.extension);
    }),
    o.events.on("registration", (e) => {
      if (e.state === "registered") {
        notifier.notify("presence", e.extension);
        const binding = o.bindings.get(e.extension).find((b) => b.uri === e.contact);
        // A phone starts with its lamp off: only a mailbox with messages needs telling.
        const { newMessages, oldMessages } = o.mailboxCounts(e.extension);
        if (binding && newMessages + oldMessages > 0) unsolicited(e.extension, binding);
        return;
      }
      if (e.state !== "unregistered" && e.state !== "expired") return;
      // The phone whose binding went: its subscriptions came from the same address and port.
      const left = o.bindings.get(e.extension).length;
      const ended = notifier.terminate(
        (s) =>
          s.subscriber === e.extension &&
          (left === 0 || `${s.flow.protocol} ${s.flow.address}:${s.flow.port}` === e.source),
        "rejected",
      );
      if (ended > 0)
        o.log.info("subscriptions ended with the registration", { extension: e.extension, ended });
      notifier.notify("presence", e.extension);
    }),
  ];

  return {
    /**
     * Issue 14: NOTIFY check-sync (the de facto "fetch your configuration" event of Yealink,
     * Grandstream, Snom, Fanvil and Cisco phones; reboot=false where the phone may resync
     * without rebooting) to the registered contacts of `lines`, only those from `address`
     * when it is known. Returns how many were sent.
     */
    checkSync(phone: { lines: string[]; address: string }): number {
      let sent = 0;
      for (const extension of phone.lines)
        for (const binding of o.bindings.get(extension)) {
          if (phone.address !== "" && binding.flow.address !== phone.address) continue;
          notifyContact(binding, extension, "check-sync;reboot=false", "terminated");
          sent++;
        }
      return sent;
    },
    /** How many watch each extension, by package (the status page's column). */
    watchers(): WatcherCount[] {
      const byExtension = new Map<string, WatcherCount>();
      for (const s of notifier.list()) {
        let row = byExtension.get(s.resource);
        if (!row) {
          row = { extension: s.resource, dialog: 0, presence: 0, messageSummary: 0 };
          byExtension.set(s.resource, row);
        }
        if (s.event === "dialog") row.dialog++;
        else if (s.event === "presence") row.presence++;
        else row.messageSummary++;
      }
      return [...byExtension.values()].sort((a, b) => a.extension.localeCompare(b.extension));
    },
    /** Ends the subscriptions of the watched extensions an operator deleted. */
    forget(extension: string): void {
      notifier.terminate((s) => s.resource === extension, "noresource");
      notifier.terminate((s) => s.subscriber === extension, "rejected");
    },
    close(): void {
      for (const stop of off) stop();
      notifier.close();
    },
  };
}

export type Lamps = ReturnType<typeof startLamps>;
