// RFC 3261 §10.3 registrar for the box's extensions (SPEC EXT-2, issue "Foundation"):
// digest authentication against the extension directory, the LAN rule for remote
// extensions, per-extension contact limits, expiry, bans after repeated failures, and
// registration state on the event bus.

import type { EventBus, RegistrationState } from "../events/event-bus.ts";
import type { ExtensionAuth } from "../extensions/extension-types.ts";
import type { Clock, Timer } from "../sip/clock.ts";
import type { IncomingRequest, MethodHandler } from "../sip/core/sip-stack.ts";
import { parseNameAddr } from "../sip/message/name-addr.ts";
import { formatSipUri, parseSipUri } from "../sip/message/uri.ts";
import type { BanList } from "./ban-list.ts";
import { type Binding, type BindingChange, BindingStore } from "./binding-store.ts";
import { type Cidr, matchesAny } from "./networks.ts";

/**
 * ok; stale (a new nonce is all it takes); rechallenge (credentials the box cannot check,
 * such as an unknown scheme: RFC 4475 §3.3.7 wants a fresh 401); failed (wrong password or
 * unknown user: counts toward a ban); bad-request (credentials made for another request, such
 * as a digest-uri that is not the Request-URI: answered 400, and counts toward a ban).
 */
export type DigestVerdict =
  | { kind: "ok"; username: string }
  | { kind: "stale" }
  | { kind: "rechallenge" }
  | { kind: "failed"; reason: string }
  | { kind: "bad-request"; reason: string };

/** What of the request the credentials must match. */
export interface DigestRequest {
  method: string;
  /** The Request-URI. */
  uri: string;
}

/** The digest side the registrar needs; the SIP auth module provides it. */
export interface DigestAuthenticator {
  /** WWW-Authenticate values for a fresh challenge. */
  challenge(stale: boolean): string[];
  verify(
    authorization: string,
    request: DigestRequest,
    ha1: (username: string) => { md5: string; sha256: string } | undefined,
  ): DigestVerdict;
}

export interface ExtensionLookup {
  lookup(number: string): ExtensionAuth | undefined;
}

export interface RegistrarOptions {
  clock: Clock;
  directory: ExtensionLookup;
  auth: DigestAuthenticator;
  bans: BanList;
  events: EventBus;
  /** Networks that count as the LAN. */
  lan: readonly Cidr[];
  /** Shortest expiry accepted (423 below it). */
  minExpiresS?: number;
}

/** Addresses whose LAN membership is remembered before the memory starts over. */
const LAN_ANSWERS_MAX = 4096;

export class Registrar implements MethodHandler {
  readonly bindings = new BindingStore();
  readonly #options: RegistrarOptions;
  readonly #minExpiresS: number;
  #sweepTimer: Timer | undefined;
  readonly #lanAnswers = new Map<string, boolean>();
  #dateSecond = Number.NaN;
  #dateText = "";

  constructor(options: RegistrarOptions) {
    this.#options = options;
    this.#minExpiresS = options.minExpiresS ?? 30;
  }

  /** Starts the once-a-second sweep that expires bindings. */
  start(): void {
    const tick = () => {
      this.sweep();
      this.#sweepTimer = this.#options.clock.setTimer(1000, tick);
    };
    this.#sweepTimer = this.#options.clock.setTimer(1000, tick);
  }

  stop(): void {
    this.#sweepTimer?.cancel();
  }

  sweep(): void {
    for (const binding of this.bindings.sweep(this.#options.clock.now()))
      this.#emit("expired", binding);
  }

  /** Drops every binding of an extension (it was deleted or its password changed). */
  forget(extension: string): void {
    for (const binding of this.bindings.removeAll(extension)) this.#emit("unregistered", binding);
  }

  handle(incoming: IncomingRequest): void {
    const { request, flow } = incoming;
    const { auth, bans, directory } = this.#options;
    const toUri = parseSipUri(request.to!.uri);
    // A registrar only binds SIP addresses of record (RFC 4475 §3.3.4).
    if (!toUri.ok || !toUri.uri.user) {
      incoming.respond(400, { reason: "To Must Be A SIP AOR" });
      return;
    }
    const extension = toUri.uri.user;
    const authorization = request.headers.get("authorization");
    if (!authorization) {
      this.#challenge(incoming, false);
      return;
    }
    const verdict = auth.verify(authorization, { method: "REGISTER", uri: request.uri }, (u) => {
      const entry = directory.lookup(u);
      return entry && { md5: entry.ha1Md5, sha256: entry.ha1Sha256 };
    });
    if (verdict.kind === "stale" || verdict.kind === "rechallenge") {
      this.#challenge(incoming, verdict.kind === "stale");
      return;
    }
    if (verdict.kind === "bad-request") {
      this.penalize(flow.address, "credentials for another request");
      incoming.respond(400, { reason: verdict.reason });
      return;
    }
    const entry = directory.lookup(extension);
    if (verdict.kind !== "ok" || verdict.username !== extension || !entry) {
      this.#failed(incoming);
      return;
    }
    if (!entry.remoteExtension && !this.#onLan(flow.address)) {
      incoming.respond(403, { reason: "Remote Registration Not Allowed" });
      return;
    }
    bans.recordSuccess(flow.address);
    this.#bind(incoming, entry);
  }

  /**
   * Counts one failure against an address (wrong credentials, replayed credentials, a silent
   * or abusive connection) toward its ban, and reports the ban when this one caused it.
   */
  penalize(address: string, reason = "failed SIP authentication"): void {
    const { bans, events, clock } = this.#options;
    if (bans.recordFailure(address))
      events.emit({ type: "ban", address, banned: true, reason, atMs: clock.now() });
  }

  #challenge(incoming: IncomingRequest, stale: boolean): void {
    const headers = this.#options.auth
      .challenge(stale)
      .map((v) => ["www-authenticate", v] as const);
    // Stateless: nothing is kept for a request nobody has authenticated yet.
    incoming.respond(401, { headers, stateless: true });
  }

  #failed(incoming: IncomingRequest): void {
    this.penalize(incoming.flow.address);
    // One answer for a wrong password and an unknown user alike: the reply must not tell
    // which extensions exist.
    incoming.respond(403);
  }

  #bind(incoming: IncomingRequest, entry: ExtensionAuth): void {
    const { request, flow } = incoming;
    const now = this.#options.clock.now();
    const contacts = request.headers.getAll("contact");
    const headerExpires = parseExpires(request.headers.get("expires"));
    const maxExpiresS = entry.registrationExpiryS;

    if (contacts.some((c) => c.trim() === "*")) {
      // §10.2.2: "*" only alone and with Expires: 0.
      if (contacts.length !== 1 || headerExpires !== 0) {
        incoming.respond(400, { reason: "Invalid Wildcard Contact" });
        return;
      }
      for (const binding of this.bindings.removeAll(entry.number))
        this.#emit("unregistered", binding);
      this.#ok(incoming, entry.number);
      return;
    }

    const updates: { binding: Binding; expiresS: number }[] = [];
    for (const text of contacts) {
      const contact = parseNameAddr(text);
      const uri = contact && parseSipUri(contact.uri);
      if (!contact || !uri?.ok) {
        incoming.respond(400, { reason: "Malformed Contact" });
        return;
      }
      const requested = parseExpires(contact.params.get("expires")) ?? headerExpires ?? maxExpiresS;
      if (requested > 0 && requested < this.#minExpiresS) {
        incoming.respond(423, { headers: [["min-expires", String(this.#minExpiresS)]] });
        return;
      }
      const expiresS = Math.min(requested, maxExpiresS);
      const params = new Map(contact.params);
      params.delete("expires");
      updates.push({
        expiresS,
        binding: {
          extension: entry.number,
          uri: formatSipUri(uri.uri),
          params,
          expiresAtMs: now + expiresS * 1000,
          callId: request.callId!,
          cseq: request.cseq!.seq,
          flow,
          userAgent: request.headers.get("user-agent"),
          registeredAtMs: now,
          reachable: true,
        },
      });
    }
    for (const { binding, expiresS } of updates) {
      if (expiresS === 0) {
        const removed = this.bindings.remove(entry.number, binding.uri);
        if (removed) this.#emit("unregistered", removed);
        continue;
      }
      for (const change of this.bindings.upsert(binding, entry.maxRegistrations))
        this.#report(change);
    }
    this.#ok(incoming, entry.number);
  }

  #ok(incoming: IncomingRequest, extension: string): void {
    const now = this.#options.clock.now();
    const headers: [string, string][] = this.bindings.get(extension).map((b) => {
      let params = "";
      for (const [name, value] of b.params)
        params += value === "" ? `;${name}` : `;${name}=${value}`;
      const expires = Math.max(0, Math.round((b.expiresAtMs - now) / 1000));
      return ["contact", `<${b.uri}>${params};expires=${expires}`];
    });
    // Phones set their own clock from this (RFC 3261 §20.17): the box's time, as NTP set it.
    headers.push(["date", this.#date(now)]);
    incoming.respond(200, { headers });
  }

  /** Whether an address is on the LAN, remembered for the few addresses phones use. */
  #onLan(address: string): boolean {
    let known = this.#lanAnswers.get(address);
    if (known === undefined) {
      known = matchesAny(address, this.#options.lan);
      if (this.#lanAnswers.size >= LAN_ANSWERS_MAX) this.#lanAnswers.clear();
      this.#lanAnswers.set(address, known);
    }
    return known;
  }

  /** The Date value, made once a second (it has whole seconds). */
  #date(nowMs: number): string {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.#dateSecond) {
      this.#dateSecond = second;
      this.#dateText = new Date(second * 1000).toUTCString();
    }
    return this.#dateText;
  }

  #report(change: BindingChange): void {
    if (change.kind === "added") this.#emit("registered", change.binding);
    else if (change.kind === "replaced") this.#emit("unregistered", change.binding);
  }

  #emit(state: RegistrationState, binding: Binding): void {
    this.#options.events.emit({
      type: "registration",
      extension: binding.extension,
      state,
      contact: binding.uri,
      source: `${binding.flow.protocol} ${binding.flow.address}:${binding.flow.port}`,
      atMs: this.#options.clock.now(),
    });
  }
}

/** Expires values are delta-seconds; overlarge ones mean "as long as allowed" (§20.19). */
function parseExpires(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? Math.min(value, 2 ** 32 - 1) : undefined;
}
