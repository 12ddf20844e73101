// RFC 3261 §17.2.1 INVITE server transaction, with RFC 6026's Accepted state: after a 2xx
// the transaction stays to absorb retransmitted INVITEs and retransmits the 2xx itself
// (T1 doubling to T2, §13.3.1.4) until the dialog reports the ACK.

import type { Timer } from "../clock.ts";
import type { SipRequest, SipResponse } from "../message/message.ts";
import { createResponse } from "../message/response.ts";
import { wireForm } from "../message/serializer.ts";
import { type Flow, isReliable, type WireData } from "../transport/transport.ts";
import type { TransactionContext } from "./context.ts";
import { T1_MS, T2_MS, TIMEOUT_64T1_MS } from "./timer-values.ts";

export type InviteServerState =
  | "proceeding"
  | "accepted"
  | "completed"
  | "confirmed"
  | "terminated";

export interface InviteServerEvents {
  /** No ACK came for a final response within 64*T1 (Timer H or L): the TU should end the call. */
  onNoAck?(): void;
}

export class InviteServerTransaction {
  state: InviteServerState = "proceeding";
  readonly key: string;
  readonly request: SipRequest;
  readonly flow: Flow;
  events: InviteServerEvents = {};
  readonly #context: TransactionContext;
  #lastResponse: WireData | undefined;
  #retransmit: Timer | undefined;
  #giveUp: Timer | undefined;
  #intervalMs = T1_MS;

  constructor(key: string, request: SipRequest, flow: Flow, context: TransactionContext) {
    this.key = key;
    this.request = request;
    this.flow = flow;
    this.#context = context;
    // "MUST generate a 100 (Trying) response unless it knows that the TU will generate a
    // provisional or final response within 200 ms" (§17.2.1): send it at once.
    this.respond(createResponse(request, 100));
  }

  receivedAgain(): void {
    if ((this.state === "proceeding" || this.state === "completed") && this.#lastResponse) {
      this.#context.send(this.#lastResponse, this.flow);
    }
  }

  /** An ACK matching a non-2xx final response arrived (§17.2.1: Completed -> Confirmed). */
  ackReceived(): void {
    if (this.state === "completed") {
      this.#stopTimers();
      this.state = "confirmed";
      // Timer I: T4 for unreliable transports, zero for reliable.
      if (isReliable(this.flow.protocol)) this.#terminate();
      else this.#context.wait.t4.add(() => this.#terminate());
    } else if (this.state === "accepted") {
      // The ACK for a 2xx belongs to the dialog; it stops our 2xx retransmissions. What is
      // left of Timer L is absorbing retransmitted INVITEs, which the layer does from the key
      // alone: this object, its request and its TU's hooks (the call) are let go now.
      this.#retransmit?.cancel();
      this.#giveUp?.cancel();
      this.state = "terminated";
      this.#context.acknowledged(this.key);
    }
  }

  respond(response: SipResponse): void {
    if (this.state !== "proceeding") return;
    this.#lastResponse = wireForm(response);
    this.#context.send(this.#lastResponse, this.flow);
    if (response.status < 200) return;
    this.state = response.status < 300 ? "accepted" : "completed";
    const reliable = isReliable(this.flow.protocol);
    // Timer G retransmits non-2xx finals over UDP; a 2xx is retransmitted on any transport
    // until its ACK arrives (§13.3.1.4), since it is end to end.
    if (!reliable || this.state === "accepted") this.#scheduleRetransmit();
    // Timer H (completed) / Timer L (accepted): 64*T1.
    this.#giveUp = this.#context.clock.setTimer(TIMEOUT_64T1_MS, () => {
      const waitingForAck = this.#retransmit !== undefined || this.state === "completed";
      this.#stopTimers();
      if (waitingForAck) this.events.onNoAck?.();
      this.#terminate();
    });
  }

  /**
   * Ends the transaction without keeping or retransmitting anything: the answer was sent
   * statelessly (a challenge), and a retransmitted request will simply be answered anew.
   */
  abandon(): void {
    this.#terminate();
  }

  #scheduleRetransmit(): void {
    this.#retransmit = this.#context.clock.setTimer(this.#intervalMs, () => {
      if (this.#lastResponse) this.#context.send(this.#lastResponse, this.flow);
      this.#intervalMs = Math.min(this.#intervalMs * 2, T2_MS);
      this.#scheduleRetransmit();
    });
  }

  #stopTimers(): void {
    this.#retransmit?.cancel();
    this.#retransmit = undefined;
    if (this.state !== "accepted") {
      this.#giveUp?.cancel();
      this.#giveUp = undefined;
    }
  }

  #terminate(): void {
    if (this.state === "terminated") return;
    this.#retransmit?.cancel();
    this.#giveUp?.cancel();
    this.state = "terminated";
    this.#context.terminated(this.key);
  }
}
