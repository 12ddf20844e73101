// RFC 3261 §17.1.2 non-INVITE client transaction: Trying -> Proceeding -> Completed ->
// Terminated, with Timer E (retransmit, T1 doubling to T2), F (give up) and K (absorb).

import type { Timer } from "../clock.ts";
import type { SipRequest, SipResponse } from "../message/message.ts";
import { wireForm } from "../message/serializer.ts";
import { type Flow, isReliable, type WireData } from "../transport/transport.ts";
import type { TransactionContext } from "./context.ts";
import { T1_MS, T2_MS, TIMEOUT_64T1_MS } from "./timer-values.ts";

const NOTHING = new Uint8Array(0);

export type NonInviteClientState = "trying" | "proceeding" | "completed" | "terminated";

export interface ClientTransactionUser {
  onResponse(response: SipResponse): void;
  /** Timer B/F fired: the TU treats it as a 408 (§8.1.3.1). */
  onTimeout(): void;
  /**
   * The request could not be sent (connection refused, TLS refused): the TU treats it as a
   * 503 (§8.1.3.1, §17.1.4). Without it, onTimeout is called.
   */
  onTransportError?(reason: string): void;
}

/**
 * What a transaction that has told its TU the final answer keeps instead of it: the TU (a
 * call's leg, with its whole call) is not held for the seconds the transaction still absorbs
 * retransmissions, which at a high call rate would keep thousands of ended calls in memory.
 */
export const TOLD: ClientTransactionUser = { onResponse() {}, onTimeout() {} };

/** Tells the TU its request never left (§17.1.4): onTransportError, else onTimeout. */
export function reportTransportError(user: ClientTransactionUser, reason: string): void {
  if (user.onTransportError) user.onTransportError(reason);
  else user.onTimeout();
}

export class NonInviteClientTransaction {
  state: NonInviteClientState = "trying";
  readonly key: string;
  readonly request: SipRequest;
  readonly flow: Flow;
  #user: ClientTransactionUser;
  readonly #context: TransactionContext;
  #bytes: WireData;
  #retransmit: Timer | undefined;
  #timeout: Timer | undefined;
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
    this.#timeout = context.clock.setTimer(TIMEOUT_64T1_MS, () => this.#fail());
  }

  receive(response: SipResponse): void {
    if (this.state === "completed" || this.state === "terminated") return;
    if (response.status < 200) {
      this.state = "proceeding";
      this.#user.onResponse(response);
      return;
    }
    this.#retransmit?.cancel();
    this.#timeout?.cancel();
    this.state = "completed";
    const user = this.#user;
    this.#user = TOLD;
    this.#bytes = NOTHING;
    user.onResponse(response);
    // Timer K: T4 for unreliable transports, zero for reliable.
    if (isReliable(this.flow.protocol)) this.#terminate();
    else this.#context.wait.t4.add(() => this.#terminate());
  }

  /** The transport could not deliver the request (§17.1.4): Terminated, the TU told. */
  transportError(reason: string): void {
    if (this.state !== "trying") return;
    this.#retransmit?.cancel();
    this.#timeout?.cancel();
    this.#terminate();
    reportTransportError(this.#user, reason);
  }

  #scheduleRetransmit(): void {
    this.#retransmit = this.#context.clock.setTimer(this.#intervalMs, () => {
      this.#context.send(this.#bytes, this.flow);
      // In Proceeding the interval is T2 (§17.1.2.2); in Trying it doubles up to T2.
      this.#intervalMs =
        this.state === "proceeding" ? T2_MS : Math.min(this.#intervalMs * 2, T2_MS);
      this.#scheduleRetransmit();
    });
  }

  #fail(): void {
    if (this.state === "completed" || this.state === "terminated") return;
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
