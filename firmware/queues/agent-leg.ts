// SPEC CALL-13: the box's calling side of the call that rings one agent for a waiting caller
// (placed with the engine's `callFromBox`, so the agent's forwarding does not apply). Answered,
// it hands the agent's leg to the queue, which joins its audio to the caller's; however the
// call ends (no answer, busy, either side hung up, dropped), `ended` is told once.
import { BoxLeg } from "../calls/apps/box-leg.ts";
import type { CallingLeg, JoiningLeg, Leg } from "../calls/leg.ts";

export interface AgentLegEvents {
  /** The agent answered: its leg (with its audio). */
  answered(leg: AgentLeg, peer: Leg): void;
  /** The agent's call is over. */
  ended(leg: AgentLeg): void;
}

export class AgentLeg extends BoxLeg implements CallingLeg, JoiningLeg {
  readonly agent: string;
  readonly #events: AgentLegEvents;
  #told = false;

  /** `queue`: the queue's number (what the leg stands for); `agent`: the extension rung. */
  constructor(id: string, queue: string, agent: string, events: AgentLegEvents) {
    super(id, queue);
    this.agent = agent;
    this.#events = events;
  }

  progress(): void {}

  connect(): boolean {
    return this.state !== "ended";
  }

  joined(peer: Leg): void {
    if (this.state === "ended") return;
    this.state = "answered";
    this.#events.answered(this, peer);
  }

  /** Stops ringing the agent, or ends its answered call. */
  drop(): void {
    this.finish();
  }

  hangup(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    if (this.#told) return;
    this.#told = true;
    this.#events.ended(this);
  }

  sendDigit(): void {}
}
