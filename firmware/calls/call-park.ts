// Call park (SPEC CALL-9, manual 呼叫停泊): "通话过程中按下*4#可以将电话进行短时停泊，系统将会播
// 报通话停泊的位置 ... 接回号码范围为 41 到 49 ... 停泊时长为 45 秒". The parker's party stays in its
// call, answered by a `ParkLeg` in the lowest free slot (music on hold); the parker hears the
// slot, then its leg ends. Dialling the slot from any phone joins the caller to the parked
// party; after 45 s unretrieved, the parker is rung back. A slot is free again as soon as its
// park leg ends (retrieved, rung back, the parked party hung up).

import { PromptPlayer } from "../../media/play/prompt-player.ts";
import type { NumberBlock } from "../numbering/manual-numbers.ts";
import type { Clock } from "../sip/clock.ts";
import { LEAD_IN_MS, TAIL_MS } from "./apps/box-leg.ts";
import { ParkLeg } from "./apps/park-leg.ts";
import type { Call } from "./call.ts";
import type { Leg } from "./leg.ts";

/** 停泊时长为 45 秒. */
export const PARK_TIME_MS = 45_000;

export interface CallParkOptions {
  clock: Clock;
  /** The slots, 41-49 from the factory. */
  slots: NumberBlock;
  parkTimeMs?: number;
  /** The parker's music-on-hold class, played to the parked party. */
  mohClass(parker: Leg): string | undefined;
  /** What the parker hears: the slot it parked in, or that none is free (`slot` undefined). */
  announcement(parker: Leg, slot: string | undefined): Int16Array[];
  /** The park time ran out: ring `parker` back for the parked party; false when it cannot. */
  ringBack(call: Call, parker: string, leg: ParkLeg): boolean;
}

/** One parked call, as the status pages show it. */
export interface ParkedCall {
  slot: string;
  callId: string;
  /** The parked party's number, and who parked it. */
  parked: string;
  parker: string;
  sinceMs: number;
}

interface Parking {
  call: Call;
  leg: ParkLeg;
  parker: string;
  sinceMs: number;
}

export class CallPark {
  readonly #o: CallParkOptions;
  readonly #taken = new Map<string, Parking>();

  constructor(options: CallParkOptions) {
    this.#o = options;
  }

  /** The slot numbers, lowest first. */
  slots(): string[] {
    const { first, last } = this.#o.slots;
    return Array.from({ length: last - first + 1 }, (_, i) => String(first + i));
  }

  isSlot(number: string): boolean {
    return this.slots().includes(number);
  }

  /**
   * `parker`, a party of the answered `call`, parks the other party: it hears the slot and its
   * leg ends. With every slot taken it hears so and the call goes on. False when not parked.
   */
  park(call: Call, parker: Leg): boolean {
    const slot = this.slots().find((s) => !this.#taken.has(s));
    if (!slot) {
      this.#say(parker, this.#o.announcement(parker, undefined), false);
      return false;
    }
    const parkerNumber = parker.extension;
    const leg: ParkLeg = new ParkLeg(`${call.id}-park${slot}`, slot, {
      clock: this.#o.clock,
      parkTimeMs: this.#o.parkTimeMs ?? PARK_TIME_MS,
      mohClass: this.#o.mohClass(parker),
      timedOut: (l) => {
        if (!this.#o.ringBack(call, parkerNumber, l)) call.hangup("no-answer");
      },
      gone: (l) => {
        if (this.#taken.get(slot)?.leg === l) this.#taken.delete(slot);
      },
    });
    const parking = { call, leg, parker: parkerNumber, sinceMs: this.#o.clock.now() };
    this.#taken.set(slot, parking);
    if (!call.handOn(parker, { number: slot, legs: [leg] })) {
      this.#taken.delete(slot);
      return false;
    }
    this.#say(parker, this.#o.announcement(parker, slot), true);
    return true;
  }

  /** The parked call in `slot`, to be joined by whoever dialled it. */
  parkedIn(slot: string): { call: Call; leg: ParkLeg } | undefined {
    const parking = this.#taken.get(slot);
    if (!parking || parking.leg.state === "ended" || parking.call.state !== "answered")
      return undefined;
    return { call: parking.call, leg: parking.leg };
  }

  list(): ParkedCall[] {
    return [...this.#taken].map(([slot, p]) => ({
      slot,
      callId: p.call.id,
      parked: p.leg.parked?.extension ?? p.call.caller.number,
      parker: p.parker,
      sinceMs: p.sinceMs,
    }));
  }

  /** Speaks `clips` to `leg`; `thenHangUp`: its leg ends once they are said. */
  #say(leg: Leg, clips: readonly Int16Array[], thenHangUp: boolean): void {
    if (!leg.audio || clips.length === 0) {
      if (thenHangUp) leg.hangup();
      return;
    }
    const lead = new Int16Array((LEAD_IN_MS * 8000) / 1000);
    const tail = new Int16Array((TAIL_MS * 8000) / 1000);
    const all = [lead, ...clips, tail];
    const playing = leg.audio.play(new PromptPlayer(all));
    if (!thenHangUp) return;
    void playing.done.then(() => leg.hangup());
    // The audio may stop without finishing (the parked party's call ended, closing its
    // relay session): the leg ends anyway once the words would have been said.
    const spokenMs = all.reduce((ms, clip) => ms + clip.length / 8, 0);
    this.#o.clock.setTimer(spokenMs + 1000, () => leg.hangup());
  }
}
