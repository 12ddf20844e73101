// Where a dialled number goes (DESIGN "Decide, then act"): the routing step returns one of
// these values and the engine acts on it. Nothing here rings or answers anything.

import type { ExtensionAuth } from "../../extensions/extension-types.ts";
import type { OutboundCandidate } from "./outbound-provider.ts";
import type { RingPolicy } from "./ring-strategy.ts";

/** An IP extension (its registered contacts ring). */
export interface ExtensionDestination {
  kind: "extension";
  number: string;
  extension: ExtensionAuth;
  /** How long it rings, when a hook says (follow-me's steps); else the box's ring time. */
  ringTimeMs?: number;
  /** Its phone is asked to answer by itself (a page or intercom call, CALL-6). */
  autoAnswer?: boolean;
  /** The answerer must press 1 to take the call (follow-me's confirm mode). */
  accept?: AnswerAcceptance;
}

/** An analog extension on FXS `port` (1-based). */
export interface AnalogDestination {
  kind: "analog";
  number: string;
  port: number;
  /** How long it rings, when a hook says (follow-me's steps); else the box's ring time. */
  ringTimeMs?: number;
  /** The answerer must press 1 to take the call (follow-me's confirm mode). */
  accept?: AnswerAcceptance;
}

/**
 * The party that answers hears what `key` names (the caller's recorded name, then "press 1")
 * and must press 1 before it is connected (SPEC CALL-3 confirm mode); the engine asks its
 * `acceptance` option what `key` says.
 */
export interface AnswerAcceptance {
  key: string;
}

/** A party the engine can ring directly. */
export type MemberDestination = ExtensionDestination | AnalogDestination;

export type Destination =
  | ExtensionDestination
  | AnalogDestination
  /** A feature code (the feature-code table decides what `code` and `argument` mean). */
  | { kind: "feature"; number: string; code: string; argument: string }
  /**
   * A department (EXT-1 ring group): its members ring as `ring` says (every one at once when
   * absent), the first to answer wins.
   */
  | {
      kind: "department";
      number: string;
      name: string;
      members: MemberDestination[];
      ring?: RingPolicy;
    }
  /**
   * An external number: the `candidates` (channels with the digits each sends) are tried in
   * order until one can take the call. `digits` is the number after the outbound `prefix`.
   */
  | {
      kind: "outbound";
      number: string;
      prefix: string;
      digits: string;
      candidates: OutboundCandidate[];
      route?: string;
      pinCheck?: (pin: string) => boolean;
      admit?: () => () => void;
      /** How long it rings, when a hook says (follow-me's steps); else the box's ring time. */
      ringTimeMs?: number;
      /** The answerer must press 1 to take the call (follow-me's confirm mode). */
      accept?: AnswerAcceptance;
    }
  /** The box answers: an application (voicemail, IVR, announcements) with its argument. */
  | { kind: "application"; number: string; app: string; argument: string }
  /** Refused before anything rings (DND: 486 busy), with the status the caller gets. */
  | {
      kind: "refused";
      number: string;
      status: number;
      reason: "busy" | "rejected" | "unavailable";
      /** The SIP reason phrase when it says more than the status (a dial permission). */
      phrase?: string;
    }
  | { kind: "unknown"; number: string };
