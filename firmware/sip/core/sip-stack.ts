// RFC 3261 §8.2 UAS behaviour common to every request, §8.1 UAC sending, §18 dispatch:
// parse what transports deliver, answer broken requests statelessly (400, 505), match
// transactions, run the generic request checks (405/501, 416, 420, 415, 406) and hand each
// new request to the handler registered for its method.

import type { Clock } from "../clock.ts";
import { type Logger, silentLogger } from "../logger.ts";
import type { SipRequest, SipResponse } from "../message/message.ts";
import { type ParseResult, parseDatagram, parseFramed } from "../message/parser.ts";
import { createResponse } from "../message/response.ts";
import { wireForm } from "../message/serializer.ts";
import { uriScheme } from "../message/uri.ts";
import { stampTopVia } from "../message/via.ts";
import { InviteServerTransaction } from "../transaction/invite-server.ts";
import type { ClientTransactionUser } from "../transaction/non-invite-client.ts";
import { serverKey } from "../transaction/transaction-key.ts";
import type { ClientTransaction, ServerTransaction } from "../transaction/transaction-layer.ts";
import { TransactionLayer } from "../transaction/transaction-layer.ts";
import type { Flow, Transport, TransportSink, WireData } from "../transport/transport.ts";
import { newTag } from "./identifiers.ts";
import type { Refusal } from "./load-shedder.ts";

/** Methods RFC 3261 and its common extensions define: unknown ones get 501, these 405. */
const KNOWN_METHODS = new Set([
  "INVITE",
  "ACK",
  "BYE",
  "CANCEL",
  "OPTIONS",
  "REGISTER",
  "PRACK",
  "SUBSCRIBE",
  "NOTIFY",
  "PUBLISH",
  "INFO",
  "REFER",
  "MESSAGE",
  "UPDATE",
]);

export interface ResponseExtras {
  reason?: string;
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: Uint8Array;
  contentType?: string;
  /**
   * Send the answer once and drop the transaction (RFC 3261 §8.2.7 stateless UAS): used for
   * challenges, so a source that never ACKs a 401 to its INVITE gets one answer, not a
   * Timer G series, and the box keeps no state for requests nobody authenticated.
   */
  stateless?: boolean;
}

export interface IncomingRequest {
  readonly request: SipRequest;
  readonly flow: Flow;
  /** The server transaction; absent for ACK, which has none of its own. */
  readonly transaction?: ServerTransaction;
  /** The To tag this side uses in answers to a dialog-forming request. */
  readonly localTag: string;
  respond(status: number, extras?: ResponseExtras): SipResponse;
}

export interface MethodHandler {
  handle(incoming: IncomingRequest): void;
  /** Content types this method's bodies may have; others get 415 (§8.2.3). */
  accepts?: readonly string[];
}

export interface SipStackOptions {
  clock: Clock;
  logger?: Logger;
  userAgent?: string;
  /** Option tags the box supports (RFC 3261 §8.2.2.3 Require checks). */
  supported?: readonly string[];
  /** Decides, before parsing, whether a peer may talk to the box at all (bans). */
  admit?(flow: Flow): boolean;
  /** Back-pressure: how a new request must be refused with 503, if so (`load-shedder.ts`). */
  shed?(request: SipRequest, flow: Flow): Refusal | undefined;
  /** A burst of requests is over and its transaction state gone (memory can be returned). */
  afterBurst?(): void;
}

export class SipStack implements TransportSink {
  readonly transactions: TransactionLayer;
  readonly #handlers = new Map<string, MethodHandler>();
  readonly #transports = new Map<string, Transport>();
  readonly #options: SipStackOptions;
  readonly #log: Logger;
  /** Called with CANCEL's target INVITE transaction after CANCEL got its 200 (§9.2). */
  onCancel?: (invite: InviteServerTransaction, cancel: SipRequest) => void;
  /** ACKs for 2xx responses, which belong to dialogs. */
  onAck?: (ack: SipRequest, flow: Flow) => void;
  /** A transport caught a peer abusing connections (silent, or past its connection cap). */
  onAbuse?: (flow: Flow, reason: string) => void;

  constructor(options: SipStackOptions) {
    this.#options = options;
    this.#log = options.logger ?? silentLogger;
    this.transactions = new TransactionLayer(options.clock, (data, flow) =>
      this.sendRaw(data, flow),
    );
    this.transactions.onBurstOver = options.afterBurst;
  }

  addTransport(transport: Transport): void {
    this.#transports.set(transport.local.protocol, transport);
  }

  transport(protocol: Flow["protocol"]): Transport | undefined {
    return this.#transports.get(protocol);
  }

  /** Registers the handler of one method; its presence is what Allow advertises. */
  on(method: string, handler: MethodHandler): void {
    this.#handlers.set(method, handler);
  }

  get allow(): string {
    return ["ACK", "CANCEL", ...this.#handlers.keys()].join(", ");
  }

  sendRaw(data: WireData, flow: Flow): boolean {
    const transport = this.#transports.get(flow.protocol);
    return transport ? transport.send(data, flow) : false;
  }

  /** Sends a request through a new client transaction. */
  request(request: SipRequest, flow: Flow, user: ClientTransactionUser): ClientTransaction {
    if (this.#options.userAgent && !request.headers.has("user-agent")) {
      request.headers.add("user-agent", this.#options.userAgent);
    }
    return this.transactions.createClient(request, flow, user);
  }

  /** Sends a message outside any transaction (ACK for 2xx, stateless replies). */
  sendStateless(message: SipRequest | SipResponse, flow: Flow): boolean {
    return this.sendRaw(wireForm(message), flow);
  }

  close(): void {
    this.transactions.close();
    for (const transport of this.#transports.values()) transport.close();
  }

  // --- TransportSink ---------------------------------------------------------------------

  datagram(data: Uint8Array, from: Flow): void {
    if (this.#options.admit && !this.#options.admit(from)) return;
    this.#receive(parseDatagram(data), from);
  }

  framed(head: Uint8Array, body: Uint8Array, from: Flow): void {
    if (this.#options.admit && !this.#options.admit(from)) return;
    this.#receive(parseFramed(head, body), from);
  }

  streamError(from: Flow, reason: string): void {
    this.#log.debug("stream closed", { peer: `${from.address}:${from.port}`, reason });
  }

  ping(from: Flow): void {
    this.sendRaw(Buffer.from("\r\n"), from);
  }

  admitConnection(from: Flow): boolean {
    return this.#options.admit ? this.#options.admit(from) : true;
  }

  abusive(from: Flow, reason: string): void {
    this.#log.info("connection abuse", { peer: from.address, reason });
    this.onAbuse?.(from, reason);
  }

  unreachable(to: Flow, reason: string): void {
    this.#log.info("connection failed", { peer: `${to.address}:${to.port}`, reason });
    this.transactions.transportFailed(to, reason);
  }

  // --- dispatch --------------------------------------------------------------------------

  #receive(result: ParseResult, flow: Flow): void {
    if (!result.ok) {
      // Answer a broken request only when it names where answers go (§8.2, §18.2.2).
      if (result.status && result.request?.headers.has("via") && result.request.method !== "ACK") {
        stampTopVia(result.request, flow.address, flow.port);
        const response = createResponse(result.request, result.status, { toTag: newTag() });
        response.headers.add("warning", `399 pbx "${result.reason}"`);
        this.sendStateless(response, flow);
      }
      this.#log.debug("dropped malformed message", { peer: flow.address, reason: result.reason });
      return;
    }
    const message = result.message;
    if (message.kind === "response") {
      // Stray responses are absorbed (§18.1.2; RFC 4475 §3.1.1.12, §3.3.10).
      this.transactions.receiveResponse(message);
      return;
    }
    stampTopVia(message, flow.address, flow.port);
    this.#request(message, flow);
  }

  #request(request: SipRequest, flow: Flow): void {
    if (request.method === "ACK") {
      const transaction = this.transactions.findServer(request, flow);
      if (transaction instanceof InviteServerTransaction) {
        transaction.ackReceived();
        return;
      }
      this.transactions.findAccepted(request)?.ackReceived();
      this.onAck?.(request, flow);
      return;
    }
    // One key for both lookups: it is built from the top Via and the source.
    const key = serverKey(request, flow);
    if (this.transactions.absorbRetransmission(request, flow, key)) return;
    const refusal = request.method === "CANCEL" ? undefined : this.#options.shed?.(request, flow);
    if (refusal) {
      // Stateless: refusing must cost less than serving, or the refusals become the load.
      const response = createResponse(request, 503, { toTag: newTag(), reason: refusal.reason });
      if (refusal.retryAfterS !== undefined)
        response.headers.add("retry-after", String(refusal.retryAfterS));
      this.sendStateless(response, flow);
      return;
    }
    const transaction = this.transactions.createServer(request, flow, key);
    const incoming = new ServerRequest(this, request, flow, transaction, newTag());
    if (request.method === "CANCEL") {
      this.#cancel(incoming);
      return;
    }
    const rejection = this.#check(request);
    if (rejection) {
      incoming.respond(rejection.status, { headers: rejection.headers });
      return;
    }
    this.#handlers.get(request.method)!.handle(incoming);
  }

  /** RFC 3261 §8.2.1-§8.2.3 checks, in the RFC's order. */
  #check(request: SipRequest): { status: number; headers?: [string, string][] } | undefined {
    const handler = this.#handlers.get(request.method);
    if (!handler) {
      const status = KNOWN_METHODS.has(request.method) ? 405 : 501;
      return { status, headers: [["allow", this.allow]] };
    }
    const scheme = uriScheme(request.uri);
    if (scheme !== "sip" && scheme !== "sips" && scheme !== "tel") return { status: 416 };
    const supported = this.#options.supported ?? [];
    const unsupported = request.headers
      .getAll("require")
      .flatMap((v) => v.split(","))
      .map((tag) => tag.trim())
      .filter((tag) => tag !== "" && !supported.includes(tag));
    if (unsupported.length > 0)
      return { status: 420, headers: [["unsupported", unsupported.join(", ")]] };
    const accepts = handler.accepts;
    if (accepts && request.body.length > 0) {
      const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      if (!accepts.includes(type))
        return { status: 415, headers: [["accept", accepts.join(", ")]] };
    }
    // §8.2.3 / RFC 4475 §3.3.15: a request that accepts none of the bodies we would send.
    const accept = request.headers.getAll("accept");
    if (accepts && accept.length > 0) {
      const wanted = accept.map((a) => a.split(";")[0]!.trim().toLowerCase());
      const ok = wanted.some(
        (w) =>
          w === "*/*" || accepts.includes(w) || accepts.some((a) => w === `${a.split("/")[0]}/*`),
      );
      if (!ok) return { status: 406, headers: [["accept", accepts.join(", ")]] };
    }
    return undefined;
  }

  /** Sends a UAS answer through its transaction (or once, statelessly); see ServerRequest. */
  answer(incoming: ServerRequest, status: number, extras: ResponseExtras): SipResponse {
    const { request, flow, transaction } = incoming;
    const response = createResponse(request, status, {
      reason: extras.reason,
      toTag: incoming.localTag,
      body: extras.body,
    });
    for (const [name, value] of extras.headers ?? []) response.headers.add(name, value);
    if (extras.contentType) response.headers.add("content-type", extras.contentType);
    if (extras.stateless && status >= 200) {
      this.sendStateless(response, flow);
      transaction.abandon();
      return response;
    }
    // An accepted REGISTER or INVITE makes its connection a flow worth keeping (RFC 5626).
    if (
      status >= 200 &&
      status < 300 &&
      (request.method === "REGISTER" || request.method === "INVITE")
    ) {
      this.#transports.get(flow.protocol)?.retain?.(flow);
    }
    transaction.respond(response);
    return response;
  }

  #cancel(incoming: IncomingRequest): void {
    const invite = this.transactions.findCancelled(incoming.request, incoming.flow);
    if (!invite) {
      incoming.respond(481);
      return;
    }
    incoming.respond(200);
    this.onCancel?.(invite, incoming.request);
  }
}

/** A request handed to a method handler: a plain object with a method, no closure per request. */
class ServerRequest implements IncomingRequest {
  readonly #stack: SipStack;
  readonly request: SipRequest;
  readonly flow: Flow;
  readonly transaction: ServerTransaction;
  readonly localTag: string;

  constructor(
    stack: SipStack,
    request: SipRequest,
    flow: Flow,
    transaction: ServerTransaction,
    localTag: string,
  ) {
    this.#stack = stack;
    this.request = request;
    this.flow = flow;
    this.transaction = transaction;
    this.localTag = localTag;
  }

  respond(status: number, extras: ResponseExtras = {}): SipResponse {
    return this.#stack.answer(this, status, extras);
  }
}
