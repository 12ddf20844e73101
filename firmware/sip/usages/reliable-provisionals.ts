// RFC 3262 reliable provisional responses. The UAS side (§3): a provisional to an INVITE
// that requires 100rel carries Require: 100rel and an RSeq, and is retransmitted (T1,
// doubling) until the PRACK naming that RSeq comes; one such provisional at a time. No PRACK
// within 64*T1 and the UAS SHOULD reject the INVITE with a 5xx: the user decides how. The
// UAC side (§4, §7.2): a reliable provisional is answered with a PRACK in its early dialog.

import type { Clock, Timer } from "../clock.ts";
import type { IncomingRequest, ResponseExtras } from "../core/sip-stack.ts";
import type { Dialog } from "../dialog/dialog.ts";
import type { SipRequest, SipResponse } from "../message/message.ts";
import { T1_MS, TIMEOUT_64T1_MS } from "../transaction/timer-values.ts";

/** Whether an INVITE demands reliable provisionals (Require: 100rel). */
export function requires100rel(invite: IncomingRequest): boolean {
  return invite.request.headers.getAll("require").some((t) => t.trim().toLowerCase() === "100rel");
}

/**
 * The PRACK of a reliable provisional (Require: 100rel with an RSeq) to our INVITE numbered
 * `inviteSeq`, in the provisional's early `dialog`; undefined for an unreliable one.
 */
export function prackFor(
  dialog: Dialog,
  provisional: SipResponse,
  inviteSeq: number,
): SipRequest | undefined {
  const reliable = provisional.headers
    .getAll("require")
    .some((t) => t.trim().toLowerCase() === "100rel");
  const rseq = provisional.headers.get("rseq");
  if (!reliable || !rseq) return undefined;
  // §7.2: RAck is the RSeq, then the INVITE's CSeq number and method.
  return dialog.createRequest("PRACK", {
    headers: [["rack", `${rseq.trim()} ${inviteSeq} INVITE`]],
  });
}

export class ReliableProvisionals {
  readonly #clock: Clock;
  readonly #invite: IncomingRequest;
  readonly #gaveUp: () => void;
  #rseq = 1;
  #unacked: { rseq: number; retry: Timer; giveUp: Timer } | undefined;

  /** `gaveUp` is called when a provisional found no PRACK within 64*T1. */
  constructor(clock: Clock, invite: IncomingRequest, gaveUp: () => void) {
    this.#clock = clock;
    this.#invite = invite;
    this.#gaveUp = gaveUp;
  }

  /** A provisional awaits its PRACK; another may not be sent yet (§3). */
  get pending(): boolean {
    return this.#unacked !== undefined;
  }

  /** Sends `status` reliably (Require: 100rel, the next RSeq); false while one is pending. */
  send(status: number, extras: ResponseExtras = {}): boolean {
    if (this.#unacked) return false;
    const rseq = this.#rseq++;
    const reliable: ResponseExtras = {
      ...extras,
      headers: [...(extras.headers ?? []), ["require", "100rel"], ["rseq", String(rseq)]],
    };
    // Retransmitted at 0, T1, 3*T1, 7*T1... until a PRACK; given up 64*T1 after the first send
    // (RFC 3262 §3), whatever retransmission was due next.
    let intervalMs = T1_MS;
    const giveUp = this.#clock.setTimer(TIMEOUT_64T1_MS, () => {
      this.#unacked?.retry.cancel();
      this.#unacked = undefined;
      this.#gaveUp();
    });
    const send = () => {
      this.#invite.respond(status, reliable);
      const retry = this.#clock.setTimer(intervalMs, () => {
        intervalMs *= 2;
        send();
      });
      this.#unacked = { rseq, retry, giveUp };
    };
    send();
    return true;
  }

  /** A PRACK in the INVITE's dialog: 200 when its RAck names the pending RSeq, else 481. */
  prack(incoming: IncomingRequest): void {
    const rack = /^\s*(\d+)/.exec(incoming.request.headers.get("rack") ?? "")?.[1];
    if (!this.#unacked || Number(rack) !== this.#unacked.rseq) {
      incoming.respond(481);
      return;
    }
    this.stop();
    incoming.respond(200);
  }

  /** No more retransmissions (a final response went out). */
  stop(): void {
    this.#unacked?.retry.cancel();
    this.#unacked?.giveUp.cancel();
    this.#unacked = undefined;
  }
}
