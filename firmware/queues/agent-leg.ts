// SPEC CALL-13: the box's calling side of the call that rings one agent for a waiting caller
// (placed with the engine's `callFromBox`, so the agent's forwarding does not apply). It is
// the box's calling leg conference invitations and pages use (`InviteLeg`: answered with the
// agent's leg, `ended` told once however the call ends), knowing which agent it rings.
import { InviteLeg } from "../calls/conference/invite-leg.ts";
import type { Leg } from "../calls/leg.ts";

export interface AgentLegEvents {
  /** The agent answered: its leg (with its audio). */
  answered(leg: AgentLeg, peer: Leg): void;
  /** The agent's call is over. */
  ended(leg: AgentLeg): void;
}

export class AgentLeg extends InviteLeg {
  readonly agent: string;

  /** `queue`: the queue's number (what the leg stands for); `agent`: the extension rung. */
  constructor(id: string, queue: string, agent: string, events: AgentLegEvents) {
    super(id, queue, {
      answered: (peer) => events.answered(this, peer),
      ended: () => events.ended(this),
    });
    this.agent = agent;
  }
}
