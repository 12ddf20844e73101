// The feature codes a party dials during a call (SPEC CALL-9 park *4#, CALL-10 transfer #+number
// and *2+number, CALL-16 *1): one detector per party, fed every digit the party sends however
// it arrives (RFC 4733, SIP INFO, in-band on an analog line). The codes come from the admin's
// feature-code table each time, never from literal strings here. A code without an argument is
// complete on its closing # (the manual's "*4#") or after a pause; a code with one takes digits
// until # or a pause. Digits that start no code are forgotten, so talk-time key presses (an IVR
// at the far end) never build up into a false match.

import type { Clock, Timer } from "../sip/clock.ts";

/** One in-call code of the feature-code table. */
export interface InCallCode {
  id: string;
  code: string;
  takesArgument: boolean;
}

/** A pause this long after the last key completes what was dialled (or forgets it). */
export const IN_CALL_CODE_GAP_MS = 3000;

export class InCallCodeDetector {
  readonly #clock: Clock;
  readonly #codes: () => readonly InCallCode[];
  readonly #matched: (id: string, argument: string) => void;
  #buffer = "";
  #timer: Timer | undefined;

  constructor(
    clock: Clock,
    codes: () => readonly InCallCode[],
    matched: (id: string, argument: string) => void,
  ) {
    this.#clock = clock;
    this.#codes = codes;
    this.#matched = matched;
  }

  /** One digit the party sent. */
  digit(digit: string): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    const codes = this.#codes();
    this.#buffer += digit;
    // A digit that breaks the sequence may start a new one.
    if (!codes.some((c) => this.#mayBecome(c))) this.#buffer = digit;
    if (!codes.some((c) => this.#mayBecome(c))) {
      this.#buffer = "";
      return;
    }
    const done = this.#complete(codes, true);
    if (done) {
      this.#fire(done);
      return;
    }
    this.#timer = this.#clock.setTimer(IN_CALL_CODE_GAP_MS, () => {
      this.#timer = undefined;
      const paused = this.#complete(this.#codes(), false);
      this.#buffer = "";
      if (paused) this.#matched(paused.id, paused.argument);
    });
  }

  /** The call is over: no pending pause fires. */
  close(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#buffer = "";
  }

  #fire(match: { id: string; argument: string }): void {
    this.#buffer = "";
    this.#matched(match.id, match.argument);
  }

  /** Whether the digits so far can still become `code` (with its argument and #). */
  #mayBecome(code: InCallCode): boolean {
    const b = this.#buffer;
    if (code.code.startsWith(b)) return true;
    if (!b.startsWith(code.code)) return false;
    const rest = b.slice(code.code.length);
    if (!code.takesArgument) return rest === "#";
    return /^[0-9]*#?$/.test(rest);
  }

  /** The code the digits complete: ended by # (`closed`), or as they stand after a pause. */
  #complete(
    codes: readonly InCallCode[],
    closed: boolean,
  ): { id: string; argument: string } | undefined {
    const b = this.#buffer;
    for (const code of codes) {
      if (!code.takesArgument && (closed ? b === `${code.code}#` : b === code.code))
        return { id: code.id, argument: "" };
    }
    for (const code of codes) {
      if (!code.takesArgument || !b.startsWith(code.code)) continue;
      const rest = b.slice(code.code.length);
      const argument = closed ? /^([0-9]+)#$/.exec(rest)?.[1] : /^([0-9]+)$/.exec(rest)?.[1];
      if (argument) return { id: code.id, argument };
    }
    return undefined;
  }
}
