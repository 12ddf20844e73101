// RFC 3261 §17: owns every live transaction and matches messages to them (§17.1.3, §17.2.3).

import type { Clock } from "../clock.ts";
import type { SipRequest, SipResponse } from "../message/message.ts";
import { type Flow, isReliable, type WireData } from "../transport/transport.ts";
import { CompletedAnswers } from "./completed-answers.ts";
import { createWaitQueues, type TransactionContext, type WaitQueues } from "./context.ts";
import { InviteClientTransaction } from "./invite-client.ts";
import { InviteServerTransaction } from "./invite-server.ts";
import { type ClientTransactionUser, NonInviteClientTransaction } from "./non-invite-client.ts";
import { NonInviteServerTransaction } from "./non-invite-server.ts";
import { unpackAnswer } from "./packed-answer.ts";
import { TIMEOUT_64T1_MS } from "./timer-values.ts";
import { clientKey, serverKey } from "./transaction-key.ts";

export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;
export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;

export class TransactionLayer {
  readonly #servers = new Map<string, ServerTransaction>();
  /** Completed non-INVITE server transactions during Timer J: only their answers. */
  readonly #completed: CompletedAnswers;
  readonly #clients = new Map<string, ClientTransaction>();
  /** Accepted INVITE server transactions by Call-ID and CSeq, for the ACK of a 2xx. */
  readonly #accepted = new Map<string, InviteServerTransaction>();
  readonly #context: TransactionContext;
  readonly wait: WaitQueues;

  constructor(clock: Clock, send: (data: WireData, flow: Flow) => boolean) {
    this.wait = createWaitQueues(clock);
    this.#completed = new CompletedAnswers(clock, TIMEOUT_64T1_MS);
    this.#context = {
      clock,
      send,
      wait: this.wait,
      terminated: (key) => {
        const server = this.#servers.get(key);
        if (server) {
          this.#servers.delete(key);
          if (server instanceof InviteServerTransaction)
            this.#accepted.delete(dialogKey(server.request));
        }
        this.#clients.delete(key);
      },
      acknowledged: (key) => {
        const server = this.#servers.get(key);
        if (!server) return;
        this.#servers.delete(key);
        this.#accepted.delete(dialogKey(server.request));
        // An empty answer: a retransmission is absorbed and nothing is sent.
        if (!isReliable(server.flow.protocol)) this.#completed.add(key, "");
      },
      completed: (key, packed) => {
        this.#servers.delete(key);
        // Only UDP transactions complete this way, and a retransmission comes from the
        // original's source (part of the key): the answer goes back to where it came from.
        this.#completed.add(key, packed);
      },
    };
  }

  /**
   * Called once Timer J has let go of the last answer of a burst of requests (10,000 or more
   * held): the moment to give the burst's memory back to the system.
   */
  set onBurstOver(callback: (() => void) | undefined) {
    this.#completed.onBurstOver = callback;
  }

  /** Live server transactions, counting completed ones still absorbing retransmissions. */
  get serverCount(): number {
    return this.#servers.size + this.#completed.size;
  }

  /**
   * Handles a retransmitted request (§17.2.2: the latest answer is sent again); false when
   * the request starts a new transaction.
   */
  absorbRetransmission(
    request: SipRequest,
    source: Flow,
    key = serverKey(request, source),
  ): boolean {
    const live = this.#servers.get(key);
    if (live) {
      live.receivedAgain();
      return true;
    }
    if (isReliable(source.protocol)) return false;
    const kept = this.#completed.get(key);
    if (!kept) return false;
    if (kept.length > 0) this.#context.send(unpackAnswer(kept, request), source);
    return true;
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  /** The server transaction a request (or its retransmission, or its ACK) belongs to. */
  findServer(request: SipRequest, source: Flow): ServerTransaction | undefined {
    return this.#servers.get(serverKey(request, source));
  }

  /** The INVITE transaction a CANCEL targets (§9.2: same key but for the method). */
  findCancelled(cancel: SipRequest, source: Flow): InviteServerTransaction | undefined {
    const found = this.#servers.get(serverKey(cancel, source).replace(/\|CANCEL$/, "|INVITE"));
    return found instanceof InviteServerTransaction ? found : undefined;
  }

  /** The accepted INVITE transaction an ACK for a 2xx acknowledges (same Call-ID and CSeq). */
  findAccepted(ack: SipRequest): InviteServerTransaction | undefined {
    return this.#accepted.get(dialogKey(ack));
  }

  createServer(request: SipRequest, flow: Flow, key = serverKey(request, flow)): ServerTransaction {
    const transaction =
      request.method === "INVITE"
        ? new InviteServerTransaction(key, request, flow, this.#context)
        : new NonInviteServerTransaction(key, request, flow, this.#context);
    this.#servers.set(key, transaction);
    if (transaction instanceof InviteServerTransaction)
      this.#accepted.set(dialogKey(request), transaction);
    return transaction;
  }

  createClient(request: SipRequest, flow: Flow, user: ClientTransactionUser): ClientTransaction {
    const key = clientKey(request);
    const transaction =
      request.method === "INVITE"
        ? new InviteClientTransaction(key, request, flow, user, this.#context)
        : new NonInviteClientTransaction(key, request, flow, user, this.#context);
    if (transaction.state !== "terminated") this.#clients.set(key, transaction);
    return transaction;
  }

  /**
   * A connection toward `flow` failed before carrying anything: every client transaction
   * still waiting for its first answer there fails at once (§17.1.4).
   */
  transportFailed(flow: Flow, reason: string): void {
    for (const transaction of [...this.#clients.values()]) {
      const to = transaction.flow;
      if (to.protocol === flow.protocol && to.address === flow.address && to.port === flow.port)
        transaction.transportError(reason);
    }
  }

  /** Hands a response to its client transaction; false when none matches (a stray). */
  receiveResponse(response: SipResponse): boolean {
    const transaction = this.#clients.get(clientKey(response));
    if (!transaction) return false;
    transaction.receive(response);
    return true;
  }

  /** Drops every transaction timer (shutdown). */
  close(): void {
    this.wait.sixtyFourT1.clear();
    this.#completed.clear();
    this.wait.t4.clear();
    this.wait.timerD.clear();
  }
}

function dialogKey(request: SipRequest): string {
  return `${request.callId}|${request.cseq?.seq}`;
}
