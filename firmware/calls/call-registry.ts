// The one registry of calls in progress (DESIGN "kept in one registry"): every call, whatever
// its legs, is found here by id, by the SIP caller's INVITE transaction (for CANCEL) and by the
// legs it holds (an FXS port already in a call).

import type { Call, CallView } from "./call.ts";
import type { Leg } from "./leg.ts";

export class CallRegistry {
  readonly #calls = new Map<string, Call>();
  readonly #byTransaction = new Map<object, Call>();
  /** The transaction each call was added with: removing a call costs no walk over all. */
  readonly #transactionOf = new Map<Call, object>();

  get size(): number {
    return this.#calls.size;
  }

  add(call: Call, transaction?: object): void {
    this.#calls.set(call.id, call);
    if (transaction) {
      this.#byTransaction.set(transaction, call);
      this.#transactionOf.set(call, transaction);
    }
  }

  remove(call: Call): void {
    this.#calls.delete(call.id);
    const transaction = this.#transactionOf.get(call);
    this.#transactionOf.delete(call);
    if (transaction && this.#byTransaction.get(transaction) === call)
      this.#byTransaction.delete(transaction);
  }

  get(id: string): Call | undefined {
    return this.#calls.get(id);
  }

  /** The call a SIP caller's INVITE transaction started. */
  byTransaction(transaction: object): Call | undefined {
    return this.#byTransaction.get(transaction);
  }

  /** The call holding a leg that matches. */
  find(match: (leg: Leg) => boolean): Call | undefined {
    for (const call of this.#calls.values()) if (call.legs().some(match)) return call;
    return undefined;
  }

  list(): Call[] {
    return [...this.#calls.values()];
  }

  views(): CallView[] {
    return this.list().map((call) => call.view());
  }
}
