// SPEC EXT-1: the departments' hunts under way, one per call and department, and what the
// box remembers of them between calls (round robin, least recent). The decisions themselves
// are `routing/ring-strategy.ts`; this only keeps them for the engine.

import type { Clock } from "../sip/clock.ts";
import type { Destination, MemberDestination } from "./routing/destination.ts";
import { RingHunt, RingMemory, type RingStep } from "./routing/ring-strategy.ts";
import type { RoutedCall } from "./routing/routing-hooks.ts";

type Department = Extract<Destination, { kind: "department" }>;

export class DepartmentHunts {
  readonly #memory = new RingMemory();
  readonly #hunts = new WeakMap<RoutedCall, Map<string, RingHunt>>();
  readonly #clock: Clock;
  readonly #defaultRingTimeMs: () => number;

  constructor(clock: Clock, defaultRingTimeMs: () => number) {
    this.#clock = clock;
    this.#defaultRingTimeMs = defaultRingTimeMs;
  }

  /** Starts `call`'s hunt through `department`: its first step, or undefined when none can ring. */
  first(
    call: RoutedCall,
    department: Department,
    canRing: (member: MemberDestination) => boolean,
  ): RingStep | undefined {
    const hunt = new RingHunt(department, {
      memory: this.#memory,
      clock: this.#clock,
      defaultRingTimeMs: this.#defaultRingTimeMs(),
    });
    const hunts = this.#hunts.get(call) ?? new Map<string, RingHunt>();
    hunts.set(department.number, hunt);
    this.#hunts.set(call, hunts);
    return hunt.next(canRing);
  }

  /** The next step of `call`'s hunt through `department`; undefined when it is over. */
  next(
    call: RoutedCall,
    department: Department,
    canRing: (member: MemberDestination) => boolean,
  ): RingStep | undefined {
    return this.#hunts.get(call)?.get(department.number)?.next(canRing);
  }
}
