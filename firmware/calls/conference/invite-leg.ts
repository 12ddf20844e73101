// SPEC CALL-5 invitations (manual 电话会议 — 邀请与会者): the calling side of the call the box
// places when a room's admin presses 0 and dials a number. The box is the caller: this leg
// waits for the answer, then hands the invited party's audio to the room (`answered`), where
// the admin first talks with it alone; ** brings it into the room, *# ends this call. However
// the call ends (no answer, busy, the invited party hung up, dropped), `ended` is told once.

import { BoxLeg } from "../apps/box-leg.ts";
import type { CallingLeg, JoiningLeg, Leg } from "../leg.ts";

export interface InviteLegEvents {
  /** The invited party answered: its leg (with its audio). */
  answered(peer: Leg): void;
  /** The call is over (refused, unanswered, hung up by either side). */
  ended(): void;
}

export class InviteLeg extends BoxLeg implements CallingLeg, JoiningLeg {
  readonly #events: InviteLegEvents;
  #told = false;

  /** `room`: the room the invitation is for (the call record's calling number). */
  constructor(id: string, room: string, events: InviteLegEvents) {
    super(id, room);
    this.#events = events;
  }

  progress(): void {}

  connect(): boolean {
    return this.state !== "ended";
  }

  joined(peer: Leg): void {
    if (this.state === "ended") return;
    this.state = "answered";
    this.#events.answered(peer);
  }

  /** Drops the invitation (*#, kick, the admin left): the invited party's call ends. */
  drop(): void {
    this.finish();
  }

  hangup(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    if (this.#told) return;
    this.#told = true;
    this.#events.ended();
  }

  sendDigit(): void {}
}
