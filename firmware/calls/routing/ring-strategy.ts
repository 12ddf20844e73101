// SPEC EXT-1: how a department (ring group) rings its members. Pure decisions: given the
// department's members, its strategy and what the box remembers of earlier calls, which
// members ring now and for how long. The engine rings them on its own Clock and asks for the
// next step when a step goes unanswered; nothing here rings anything or sets a timer.
//
// - ring-all: every member that can ring, at once, for the ring time.
// - in-order: one member at a time in the department's order, each for the ring time.
// - round-robin: like in-order, starting after the member last tried (remembered across
//   calls, so successive callers land on successive members).
// - least-recent: like in-order, the member rung longest ago (or never) first.
// Members that cannot ring now (no registered phone, in a call) are skipped.

import type { RingStrategy } from "../../db/schema/departments.ts";
import type { Clock } from "../../sip/clock.ts";
import type { MemberDestination } from "./destination.ts";

export type { RingStrategy };

/** How a department rings and where an unanswered call goes (its no-answer destination). */
export interface RingPolicy {
  strategy: RingStrategy;
  /** How long each step rings; the box's ring timeout when absent. */
  ringTimeMs?: number;
  /** "hangup", or `kind:number` (`extension:101`, `department:600`, `voicemail:101`...). */
  noAnswer: string;
}

/**
 * A department's stored settings as its policy: a missing strategy rings all, a missing
 * destination hangs up, and no ring time of its own (null, 0) leaves the box's ring timeout.
 */
export function ringPolicyOf(department: {
  ringStrategy?: RingStrategy;
  noAnswerDestination?: string;
  ringTimeS?: number | null;
}): RingPolicy {
  const ringTimeS = department.ringTimeS ?? 0;
  return {
    strategy: department.ringStrategy ?? "ring-all",
    noAnswer: department.noAnswerDestination ?? "hangup",
    ...(ringTimeS > 0 ? { ringTimeMs: ringTimeS * 1000 } : {}),
  };
}

/** One step of a hunt: these members ring together for `ringTimeMs`. */
export interface RingStep {
  members: MemberDestination[];
  ringTimeMs: number;
}

/** What the box remembers of a department between calls (round robin, least recent). */
export class RingMemory {
  readonly #lastTried = new Map<string, string>();
  readonly #rungAtMs = new Map<string, number>();

  /** `member` of `department` was rung at `atMs`. */
  tried(department: string, member: string, atMs: number): void {
    this.#lastTried.set(department, member);
    this.#rungAtMs.set(member, atMs);
  }

  /** The member of `department` last rung, if any. */
  lastTried(department: string): string | undefined {
    return this.#lastTried.get(department);
  }

  /** When `member` last rang in a hunt; -Infinity when never. */
  rungAtMs(member: string): number {
    return this.#rungAtMs.get(member) ?? Number.NEGATIVE_INFINITY;
  }
}

/** The order in which a hunt tries the members. */
export function huntOrder(
  strategy: RingStrategy,
  department: string,
  members: readonly MemberDestination[],
  memory: RingMemory,
): MemberDestination[] {
  switch (strategy) {
    case "ring-all":
    case "in-order":
      return [...members];
    case "round-robin": {
      const last = members.findIndex((m) => m.number === memory.lastTried(department));
      return [...members.slice(last + 1), ...members.slice(0, last + 1)];
    }
    case "least-recent":
      // A stable sort keeps the department's order among members rung equally long ago.
      return [...members].sort((a, b) => memory.rungAtMs(a.number) - memory.rungAtMs(b.number));
  }
}

/** One call's hunt through one department: the steps in turn, then nothing. */
export class RingHunt {
  readonly #department: string;
  readonly #strategy: RingStrategy;
  readonly #ringTimeMs: number;
  readonly #memory: RingMemory;
  readonly #clock: Clock;
  #left: MemberDestination[];

  constructor(
    department: { number: string; members: readonly MemberDestination[]; ring?: RingPolicy },
    options: { memory: RingMemory; clock: Clock; defaultRingTimeMs: number },
  ) {
    this.#department = department.number;
    this.#strategy = department.ring?.strategy ?? "ring-all";
    this.#ringTimeMs = department.ring?.ringTimeMs ?? options.defaultRingTimeMs;
    this.#memory = options.memory;
    this.#clock = options.clock;
    this.#left = huntOrder(this.#strategy, department.number, department.members, this.#memory);
  }

  /**
   * The next members to ring, skipping those `canRing` refuses now; undefined once every
   * member was tried (the department did not answer).
   */
  next(canRing: (member: MemberDestination) => boolean): RingStep | undefined {
    if (this.#strategy === "ring-all") {
      const members = this.#left.filter(canRing);
      this.#left = [];
      return members.length > 0 ? { members, ringTimeMs: this.#ringTimeMs } : undefined;
    }
    while (this.#left.length > 0) {
      const member = this.#left.shift()!;
      if (!canRing(member)) continue;
      this.#memory.tried(this.#department, member.number, this.#clock.now());
      return { members: [member], ringTimeMs: this.#ringTimeMs };
    }
    return undefined;
  }
}
