// SPEC CALL-6: the box's side of the paging party's call (*50 / *51 + extension, or a paging
// group's number). It answers at once; once the caller's audio is there (`joined`) the page
// begins (`start`), and however the call ends (the caller hung up, or every member's call is
// over) `ended` is told once.

import { BoxLeg } from "../apps/box-leg.ts";
import type { CalledLeg, JoiningLeg, Leg, PartyAudio } from "../leg.ts";

export interface PagingLegEvents {
  /** The caller is connected: its audio, to be heard by the members. */
  start(leg: PagingLeg, audio: PartyAudio): void;
  /** The page is over. */
  ended(leg: PagingLeg): void;
}

export class PagingLeg extends BoxLeg implements CalledLeg, JoiningLeg {
  readonly #events: PagingLegEvents;
  #told = false;

  /** `number`: what was dialled (the group's number, or the code and extension). */
  constructor(id: string, number: string, events: PagingLegEvents) {
    super(id, number);
    this.#events = events;
  }

  /** Who is paging. */
  get callerNumber(): string {
    return this.caller.number;
  }

  get callerName(): string {
    return this.caller.displayName;
  }

  joined(peer: Leg): void {
    if (this.state === "ended") return;
    if (!peer.audio) {
      this.finish();
      return;
    }
    this.#events.start(this, peer.audio);
  }

  /** The box ends the page (no member left): the caller's call is hung up. */
  end(): void {
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
