// A parked call's other party (SPEC CALL-9, manual 呼叫停泊): the box holds the parked party in
// its slot, answering at once and playing it music on hold of the parker's class; after the
// park time (45 s) it asks for the parker to be rung back. Whatever ends it (retrieved, rung
// back, the parked party hung up) frees the slot.

import type { Clock, Timer } from "../../sip/clock.ts";
import type { CalledLeg, CallingLeg, JoiningLeg, Leg } from "../leg.ts";
import { BoxLeg } from "./box-leg.ts";

export interface ParkLegOptions {
  clock: Clock;
  /** How long the party stays parked before the parker is rung back. */
  parkTimeMs: number;
  /** The parker's music-on-hold class. */
  mohClass: string | undefined;
  /** The park time ran out (the leg is still in its call: ring the parker back now). */
  timedOut(leg: ParkLeg): void;
  /** The leg ended for any reason: the slot is free again. */
  gone(leg: ParkLeg): void;
}

export class ParkLeg extends BoxLeg implements CalledLeg, CallingLeg, JoiningLeg {
  readonly #o: ParkLegOptions;
  #timer: Timer | undefined;
  #parked: Leg | undefined;

  /** `slot`: the number the parked call is retrieved with (41-49). */
  constructor(id: string, slot: string, options: ParkLegOptions) {
    super(id, slot);
    this.#o = options;
  }

  /** The party held in the slot, once joined. */
  get parked(): Leg | undefined {
    return this.#parked;
  }

  progress(): void {}

  connect(): boolean {
    return this.state !== "ended";
  }

  joined(peer: Leg): void {
    if (this.state === "ended") return;
    this.#parked = peer;
    peer.audio?.startMusic(this.#o.mohClass);
    this.#timer = this.#o.clock.setTimer(this.#o.parkTimeMs, () => {
      this.#timer = undefined;
      if (this.state !== "ended") this.#o.timedOut(this);
    });
  }

  hangup(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#parked?.audio?.stopMusic();
    this.#o.gone(this);
  }

  /** A parked party's keys go nowhere. */
  sendDigit(): void {}
}
