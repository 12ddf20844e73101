// Attended transfer (SPEC CALL-10, manual 协商转接): "在话机上拨打“*2+分机号/外线号码”，此时通话方将会处于等待状态，
// 第三方将会振铃，等待第三方号码应答之后，您再向第三方介绍该电话，如果同意转接则您挂断电话完成转接，如果拒绝转接请求则您按*键终止转接并还原原始通话。"
// The transferring party steps aside in its call (the other party hears its music on hold)
// and the box places a second call for it toward the number. Hanging up then completes: the
// third's leg, answered or still ringing, moves into the first call and the held party talks
// with it (or hears ringback until it answers). `*` ends the consultation and returns to the
// held party; so does the third refusing or hanging up. The held party hanging up meanwhile
// leaves the transferring party talking with the third.

import type { Aside, Call } from "../call.ts";
import type { CallParty, EndCause, Leg } from "../leg.ts";
import type { FrameSource } from "../media-port.ts";
import { ConsultLeg } from "./consult-leg.ts";
import { SharedSession, TransferredLeg } from "./transferred-leg.ts";

/** The key that ends the consultation and returns to the held party (按*键终止转接). */
export const CANCEL_KEY = "*";

export interface AttendedTransferDeps {
  /** The consultation began (the transferor stepped aside). */
  started?(): void;
  /** The box places the consultation call from `calling` to `number`, routed for `party`. */
  place(calling: ConsultLeg, party: CallParty, number: string): void;
  /** The call `leg` is in now. */
  callOf(leg: Leg): Call | undefined;
  /** What the held party hears while the third, rung after the transfer, has not answered. */
  ringback(): FrameSource;
}

/** `transferor`, a party of the answered `call`, consults `number`; false when it cannot. */
export function consult(
  call: Call,
  transferor: Leg,
  number: string,
  deps: AttendedTransferDeps,
): boolean {
  const consultation = new Consultation(call, transferor, number, deps);
  if (!call.stepAside(transferor, consultation)) return false;
  deps.started?.();
  deps.place(consultation.leg, { number: transferor.extension, displayName: "" }, number);
  return true;
}

class Consultation implements Aside {
  readonly leg: ConsultLeg;
  readonly #call: Call;
  readonly #transferor: Leg;
  readonly #number: string;
  readonly #deps: AttendedTransferDeps;
  #over = false;
  /** The held party hung up: the transferor's leg and relay session are the consultation's. */
  #orphaned = false;

  constructor(call: Call, transferor: Leg, number: string, deps: AttendedTransferDeps) {
    this.#call = call;
    this.#transferor = transferor;
    this.#number = number;
    this.#deps = deps;
    this.leg = new ConsultLeg(transferor, () => this.#finished());
  }

  digit(digit: string, durationMs: number): void {
    if (this.#over) return;
    if (digit === CANCEL_KEY) this.leg.end();
    else this.leg.digit(digit, durationMs);
  }

  /** The transferor hung up: the third moves into the first call (the transfer). */
  ended(_cause: EndCause): void {
    if (this.#over) return;
    this.#over = true;
    const second = this.#deps.callOf(this.leg);
    if (!second || second.state === "ended") {
      this.leg.end();
      return;
    }
    const session = second.session;
    const legs = second.detach();
    if (legs.length === 0) {
      session?.close();
      return;
    }
    const shared = new SharedSession(session);
    const moved = legs.map((leg) => new TransferredLeg(leg, shared));
    const handed = this.#call.handOn(
      this.#transferor,
      { number: this.#number, legs: moved },
      { ringback: this.#deps.ringback() },
    );
    if (!handed) for (const leg of moved) leg.hangup();
  }

  /** The held party hung up: the transferor goes on talking with the third. */
  othersGone(): void {
    if (this.#over) {
      this.#call.session?.close();
      return;
    }
    this.#orphaned = true;
    const transferor = this.#transferor;
    const none = () => {};
    transferor.listen({
      onRinging: none,
      onAnswered: none,
      onFailed: () => this.leg.end(),
      onEnded: (_leg, cause) => this.leg.end(cause),
      onHold: none,
      onDigit: (_leg, digit, ms) => this.leg.digit(digit, ms),
    });
    this.#call.session?.onEvent((event) => {
      if (event.side !== transferor.relaySide) return;
      if (event.type === "digit") this.leg.digit(event.digit, event.durationMs);
    });
  }

  /** The consultation call is over without a transfer: back to the held party. */
  #finished(): void {
    if (this.#over) return;
    this.#over = true;
    if (!this.#orphaned) {
      this.#call.stepBack(this.#transferor);
      return;
    }
    this.#transferor.hangup();
    this.#call.session?.close();
  }
}
