// RFC 3261 §17.1.1 INVITE client transaction, with RFC 6026's Accepted state: Calling ->
// Proceeding -> Completed (non-2xx, ACKed here) or Accepted (2xx, ACKed by the dialog).

import type { Timer } from "../clock.ts";
import { SipHeaders } from "../message/headers.ts";
import { SipRequest, type SipResponse } from "../message/message.ts";
import { wireForm } from "../message/serializer.ts";
import { type Flow, isReliable, type WireData } from "../transport/transport.ts";
import type { TransactionContext } from "./context.ts";
import type { QueuedExpiry } from "./fixed-delay-queue.ts";
import { type ClientTransactionUser, reportTransportError, TOLD } from "./non-invite-client.ts";
import { T1_MS, TIMEOUT_64T1_MS } from "./timer-values.ts";

export type InviteClientState = "calling" | "proceeding" | "completed" | "accepted" | "terminated";

export class InviteClientTransaction {
  state: InviteClientState = "calling";
  readonly key: string;
  readonly request: SipRequest;
  readonly flow: Flow;
  #user: ClientTransactionUser;
  readonly #context: TransactionContext;
  #bytes: WireData;
  #ack: WireData | undefined;
  #retransmit: Timer | undefined;
  #timeout: Timer | undefined;
  #timerM: QueuedExpiry | undefined;
  #intervalMs = T1_MS;

  constructor(
    key: string,
    request: SipRequest,
    flow: Flow,
    user: ClientTransactionUser,
    context: TransactionContext,
  ) {
    this.key = key;
    this.request = request;
    this.flow = flow;
    this.#user = user;
    this.#context = context;
    this.#bytes = wireForm(request);
    if (!context.send(this.#bytes, flow)) {
      queueMicrotask(() => this.transportError("no connection"));
      return;
    }
    if (!isReliable(flow.protocol)) this.#scheduleRetransmit();
    // Timer B: 64*T1 in Calling.
    this.#timeout = context.clock.setTimer(TIMEOUT_64T1_MS, () => {
      if (this.state === "calling") this.#fail();
    });
  }

  receive(response: SipResponse): void {
    switch (this.state) {
      case "calling":
      case "proceeding":
        this.#retransmit?.cancel();
        if (response.status < 200) {
          this.state = "proceeding";
          this.#user.onResponse(response);
        } else if (response.status < 300) {
          this.#timeout?.cancel();
          this.state = "accepted";
          this.#bytes = NOTHING;
          this.#user.onResponse(response);
          // Timer M: absorb and pass on retransmitted 2xx for 64*T1 (RFC 6026 §8.4).
          this.#timerM = this.#context.wait.sixtyFourT1.add(() => this.#terminate());
        } else {
          this.#timeout?.cancel();
          this.state = "completed";
          this.#bytes = NOTHING;
          this.#ack = wireForm(ackFor(this.request, response));
          this.#context.send(this.#ack, this.flow);
          const user = this.#user;
          this.#user = TOLD;
          user.onResponse(response);
          // Timer D: 32 s for unreliable transports, zero for reliable.
          if (isReliable(this.flow.protocol)) this.#terminate();
          else this.#context.wait.timerD.add(() => this.#terminate());
        }
        return;
      case "completed":
        // A retransmitted final response: ACK again, do not tell the TU (§17.1.1.2).
        if (this.#ack && response.status >= 300) this.#context.send(this.#ack, this.flow);
        return;
      case "accepted":
        // Retransmitted 2xx go to the TU, which re-sends its ACK (RFC 6026 §7.2).
        if (response.status >= 200 && response.status < 300) this.#user.onResponse(response);
        return;
      case "terminated":
        return;
    }
  }

  /**
   * The TU's dialog is over: the TU (a call's leg, with its whole call) is not kept for Timer
   * M, which at a high call rate would hold thousands of ended calls in memory. Accepted, the
   * transaction has nothing left to do (Timer M only hands retransmitted 2xx to the TU) and
   * ends now; a late 2xx is then absorbed as a stray (§18.1.2).
   */
  forget(): void {
    this.#user = TOLD;
    if (this.state !== "accepted") return;
    this.#timerM?.cancel();
    this.#terminate();
  }

  /** The TU gives up on a call still in Calling/Proceeding (after CANCEL got no answer). */
  abandon(): void {
    this.#retransmit?.cancel();
    this.#timeout?.cancel();
    this.#terminate();
  }

  /** The transport could not deliver the INVITE (§17.1.4): Terminated, the TU told. */
  transportError(reason: string): void {
    if (this.state !== "calling") return;
    this.#retransmit?.cancel();
    this.#timeout?.cancel();
    this.#terminate();
    reportTransportError(this.#user, reason);
  }

  #scheduleRetransmit(): void {
    // Timer A doubles each time, without the T2 cap of non-INVITE.
    this.#retransmit = this.#context.clock.setTimer(this.#intervalMs, () => {
      if (this.state !== "calling") return;
      this.#context.send(this.#bytes, this.flow);
      this.#intervalMs *= 2;
      this.#scheduleRetransmit();
    });
  }

  #fail(): void {
    if (this.state === "terminated") return;
    this.#retransmit?.cancel();
    this.#timeout?.cancel();
    this.#terminate();
    this.#user.onTimeout();
  }

  #terminate(): void {
    if (this.state === "terminated") return;
    this.state = "terminated";
    this.#context.terminated(this.key);
  }
}

const NOTHING = new Uint8Array(0);

/** §17.1.1.3 the ACK for a non-2xx final response: same branch, To from the response. */
export function ackFor(invite: SipRequest, response: SipResponse): SipRequest {
  const headers = new SipHeaders();
  const via = invite.headers.getAll("via")[0];
  if (via) headers.add("via", via);
  for (const name of ["route", "max-forwards", "from", "call-id"]) {
    for (const value of invite.headers.getAll(name)) headers.add(name, value);
  }
  const to = response.headers.get("to");
  if (to) headers.add("to", to);
  headers.add("cseq", `${invite.cseq!.seq} ACK`);
  return new SipRequest("ACK", invite.uri, headers);
}
