// RFC 3261 §12.2.2: requests within a dialog are matched to it by Call-ID, To tag (ours) and
// From tag (theirs). The table holds whatever the user keeps per dialog.

import type { SipRequest } from "../message/message.ts";
import { type Dialog, dialogKey, incomingDialogKey } from "./dialog.ts";

export class DialogTable<T> {
  readonly #entries = new Map<string, T>();

  add(dialog: Dialog, value: T): void {
    this.#entries.set(dialog.key, value);
  }

  remove(dialog: Dialog): void {
    this.#entries.delete(dialog.key);
  }

  /** The entry an in-dialog request from the peer belongs to. */
  find(request: SipRequest): T | undefined {
    return this.#entries.get(incomingDialogKey(request));
  }

  /** The entry of the dialog named by its Call-ID and tags (RFC 3891 Replaces). */
  named(callId: string, localTag: string, remoteTag: string): T | undefined {
    return this.#entries.get(dialogKey(callId, localTag, remoteTag));
  }

  get size(): number {
    return this.#entries.size;
  }
}
