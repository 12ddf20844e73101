// SPEC ROUTE-2 "trunk order with failover": one called leg for an outbound call that tries
// the route's channels in order. A channel that cannot take the call (all its channels in
// use, no idle line), or whose far end answers busy (486, 600), a server error (5xx),
// or nothing at all (408 from the transaction: Timer B, or an unreachable host), hands the
// call to the next one; any other final answer (404, 403, 484...) is the called number's and
// ends the attempt. The call sees one leg throughout: its kind, audio and relay side are the
// current channel's, so the bridge and the record need nothing special.

import type {
  CalledLeg,
  CallParty,
  EndCause,
  Leg,
  LegKind,
  LegListener,
  LegState,
  LegView,
  PartyAudio,
} from "./leg.ts";

/** One channel opened: its leg, what gives the channel back, and the trunk's name. */
export interface OpenedChannel {
  leg: CalledLeg;
  release?: () => void;
  trunk?: string;
}

/** Opens the next channel, or says with a SIP status why it cannot now (503: all in use). */
export type ChannelAttempt = () => OpenedChannel | { status: number };

/** Final answers after which the next channel is tried. */
export function failsOver(status: number): boolean {
  return status === 408 || status === 486 || status === 600 || (status >= 500 && status < 600);
}

export interface FailoverOptions {
  /** A channel was tried (its trunk name, for the call record). */
  tried?(trunk: string | undefined): void;
}

export class FailoverLeg implements CalledLeg, LegListener {
  readonly id: string;
  /** The number sent out. */
  readonly extension: string;
  readonly internal = false;
  readonly #attempts: readonly ChannelAttempt[];
  readonly #o: FailoverOptions;
  #next = 0;
  #current: OpenedChannel | undefined;
  #listener: LegListener | undefined;
  #caller: CallParty | undefined;
  #ended = false;
  /** Inside an inner leg's alert: its synchronous failure is handled by the loop. */
  #alerting = false;
  #failedWhileAlerting: { status: number; reason: string } | undefined;

  constructor(
    id: string,
    digits: string,
    attempts: readonly ChannelAttempt[],
    options: FailoverOptions = {},
  ) {
    this.id = id;
    this.extension = digits;
    this.#attempts = attempts;
    this.#o = options;
  }

  get #leg(): CalledLeg | undefined {
    return this.#current?.leg;
  }
  get kind(): LegKind {
    return this.#leg?.kind ?? "sip";
  }
  get state(): LegState {
    if (this.#ended) return "ended";
    return this.#leg?.state ?? "calling";
  }
  get holding(): boolean {
    return this.#leg?.holding ?? false;
  }
  get digitsInBand(): boolean {
    return this.#leg?.digitsInBand ?? false;
  }
  get wantsDigits(): boolean {
    return this.#leg?.wantsDigits ?? false;
  }
  get audio(): PartyAudio | undefined {
    return this.#leg?.audio;
  }
  get relaySide(): "a" | "b" | undefined {
    return this.#leg?.relaySide;
  }
  get sipCallId(): string {
    return this.#leg?.sipCallId ?? "";
  }

  listen(listener: LegListener): void {
    this.#listener = listener;
  }

  view(): LegView {
    return (
      this.#leg?.view() ?? {
        id: this.id,
        kind: "sip",
        extension: this.extension,
        state: this.state,
        holding: false,
      }
    );
  }

  /** Tries the channels in order until one starts; false when none can. */
  alert(caller: CallParty): boolean {
    this.#caller = caller;
    return this.#tryNext() === undefined;
  }

  hangup(status?: number): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#leg?.hangup(status);
    this.#current?.release?.();
  }

  sendDigit(digit: string, durationMs: number): void {
    this.#leg?.sendDigit(digit, durationMs);
  }

  /** Starts the next channel that takes the call; the last failure when none is left. */
  #tryNext(
    failure = { status: 503, reason: "Service Unavailable" },
  ): { status: number; reason: string } | undefined {
    let last = failure;
    while (!this.#ended && this.#next < this.#attempts.length) {
      const opened = this.#attempts[this.#next++]!();
      if ("status" in opened) {
        last = { status: opened.status, reason: "Channel Unavailable" };
        continue;
      }
      this.#current = opened;
      this.#o.tried?.(opened.trunk);
      opened.leg.listen(this);
      this.#alerting = true;
      this.#failedWhileAlerting = undefined;
      const started = opened.leg.alert(this.#caller!);
      this.#alerting = false;
      const failed =
        this.#failedWhileAlerting ?? (started ? undefined : { status: 486, reason: "" });
      if (!failed) return undefined;
      opened.release?.();
      last = failed;
      if (!failsOver(failed.status)) return failed;
    }
    return last;
  }

  // --- the current channel's leg -------------------------------------------------------------

  onRinging(leg: Leg, earlyMedia: boolean): void {
    if (leg === this.#leg) this.#listener?.onRinging(this, earlyMedia);
  }

  onAnswered(leg: Leg): void {
    if (leg === this.#leg) this.#listener?.onAnswered(this);
    else leg.hangup();
  }

  onFailed(leg: Leg, status: number, reason: string): void {
    if (leg !== this.#leg || this.#ended) return;
    if (this.#alerting) {
      this.#failedWhileAlerting = { status, reason };
      return;
    }
    this.#current?.release?.();
    const last = failsOver(status) ? this.#tryNext({ status, reason }) : { status, reason };
    if (!last) return;
    this.#ended = true;
    this.#listener?.onFailed(this, last.status, last.reason);
  }

  onEnded(leg: Leg, cause: EndCause): void {
    if (leg !== this.#leg || this.#ended) return;
    this.#ended = true;
    this.#current?.release?.();
    this.#listener?.onEnded(this, cause);
  }

  onHold(leg: Leg, holding: boolean): void {
    if (leg === this.#leg) this.#listener?.onHold(this, holding);
  }

  onDigit(leg: Leg, digit: string, durationMs: number): void {
    if (leg === this.#leg) this.#listener?.onDigit(this, digit, durationMs);
  }
}
