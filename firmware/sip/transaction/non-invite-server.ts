// RFC 3261 §17.2.2 non-INVITE server transaction: Trying -> Proceeding -> Completed ->
// Terminated. Retransmitted requests are answered from here, never seen by the TU.

import type { SipRequest, SipResponse } from "../message/message.ts";
import { wireForm } from "../message/serializer.ts";
import { type Flow, isReliable, type WireData } from "../transport/transport.ts";
import type { TransactionContext } from "./context.ts";
import { packAnswer } from "./packed-answer.ts";

export type NonInviteServerState = "trying" | "proceeding" | "completed" | "terminated";

export class NonInviteServerTransaction {
  state: NonInviteServerState = "trying";
  readonly key: string;
  readonly request: SipRequest;
  readonly flow: Flow;
  readonly #context: TransactionContext;
  #lastResponse: WireData | undefined;

  constructor(key: string, request: SipRequest, flow: Flow, context: TransactionContext) {
    this.key = key;
    this.request = request;
    this.flow = flow;
    this.#context = context;
  }

  /** A retransmission of the request arrived. */
  receivedAgain(): void {
    // Trying: discard. Proceeding/Completed: "the most recently sent response MUST be passed
    // to the transport layer for retransmission" (§17.2.2).
    if (this.#lastResponse && this.state !== "trying")
      this.#context.send(this.#lastResponse, this.flow);
  }

  /** The TU answers. Responses after a final one are ignored. */
  respond(response: SipResponse): void {
    if (this.state === "completed" || this.state === "terminated") return;
    this.#lastResponse = wireForm(response);
    const sent = this.#context.send(this.#lastResponse, this.flow);
    if (response.status < 200) {
      this.state = "proceeding";
      return;
    }
    this.state = "completed";
    // Timer J: 64*T1 for unreliable transports, zero for reliable ones. While it runs only
    // the answer is needed to absorb retransmissions: the layer keeps those bytes and forgets
    // this object and its request, which keeps a busy registrar's memory small.
    if (!sent || isReliable(this.flow.protocol)) this.#terminate();
    else {
      this.state = "terminated";
      this.#context.completed(
        this.key,
        packAnswer(this.request, response.status, response.headers.get("to"), this.#lastResponse),
      );
    }
  }

  /**
   * Ends the transaction without keeping or retransmitting anything: the answer was sent
   * statelessly (a challenge), and a retransmitted request will simply be answered anew.
   */
  abandon(): void {
    this.#terminate();
  }

  #terminate(): void {
    if (this.state === "terminated") return;
    this.state = "terminated";
    this.#context.terminated(this.key);
  }
}
