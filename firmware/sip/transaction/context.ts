// What every transaction needs from the layer that owns it.

import type { Clock } from "../clock.ts";
import type { Flow, WireData } from "../transport/transport.ts";
import { FixedDelayQueue } from "./fixed-delay-queue.ts";
import { T4_MS, TIMEOUT_64T1_MS, TIMER_D_MS } from "./timer-values.ts";

export interface TransactionContext {
  readonly clock: Clock;
  /** Sends a message along a flow; false when the flow is gone. */
  send(data: WireData, flow: Flow): boolean;
  /** Called once when a transaction reaches Terminated, so the layer forgets it. */
  terminated(key: string): void;
  /**
   * A non-INVITE server transaction completed over an unreliable transport: the layer keeps
   * just its answer (as packed-answer.ts packs it) for Timer J to absorb retransmissions, in
   * place of the transaction (a retransmission comes from the original's source, which the key
   * holds).
   */
  completed(key: string, packedAnswer: WireData): void;
  /**
   * An accepted INVITE server transaction got its ACK: the layer forgets it, and over an
   * unreliable transport absorbs its retransmitted INVITEs untold for the rest of Timer L.
   */
  acknowledged(key: string): void;
  /** Shared queues for the fixed-length timers of unreliable transports. */
  readonly wait: WaitQueues;
}

export interface WaitQueues {
  /** Timer L (INVITE server Accepted), Timer M (Timer J has its own store: completed-answers.ts). */
  sixtyFourT1: FixedDelayQueue;
  /** Timer K (non-INVITE client Completed), Timer I (INVITE server Confirmed). */
  t4: FixedDelayQueue;
  /** Timer D (INVITE client Completed). */
  timerD: FixedDelayQueue;
}

export function createWaitQueues(clock: Clock): WaitQueues {
  return {
    sixtyFourT1: new FixedDelayQueue(clock, TIMEOUT_64T1_MS),
    t4: new FixedDelayQueue(clock, T4_MS),
    timerD: new FixedDelayQueue(clock, TIMER_D_MS),
  };
}
