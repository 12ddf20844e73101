// What the web API sees of voicemail (SPEC CALL-7): messages by mailbox, their WAV, saved or
// deleted (the lamps follow), and a mailbox's settings: on/off and the e-mail address are the
// extension's own fields, the PIN (stored hashed), the longest message and the mail switch
// the mailbox's.
import { existsSync } from "node:fs";
import type { Voicemail } from "./start-voicemail.ts";
import type { MessageStatus, VoicemailMessage } from "./voicemail-store.ts";

export interface MailboxView {
  extension: string;
  enabled: boolean;
  email: string;
  /** The PIN was changed on the phone or here (it is never shown). */
  pinSet: boolean;
  maxMessageS: number;
  emailNotify: boolean;
  busyGreeting: boolean;
  unavailableGreeting: boolean;
  newMessages: number;
  oldMessages: number;
}

export interface MailboxChange {
  enabled?: boolean;
  email?: string;
  pin?: string;
  maxMessageS?: number;
  emailNotify?: boolean;
}

type Refusal = { code: string; field?: string; message: string };
export type FacadeResult<T> = { ok: true; value: T } | { ok: false; error: Refusal };

export interface VoicemailFacade {
  messages(mailbox: string): VoicemailMessage[];
  message(id: number): VoicemailMessage | undefined;
  audio(id: number): Blob | undefined;
  setStatus(id: number, status: MessageStatus): boolean;
  remove(id: number): boolean;
  mailbox(extension: string): MailboxView | undefined;
  updateMailbox(extension: string, change: MailboxChange): FacadeResult<MailboxView>;
}

export interface VoicemailFacadeDeps {
  voicemail: Voicemail;
  extension(
    number: string,
  ): { voicemailEnabled: boolean; email: string; voicemailPin: string } | undefined;
  /** The extension service's update (it checks the e-mail address). */
  updateExtension(
    number: string,
    patch: { voicemailEnabled?: boolean; email?: string },
  ): { ok: true } | { ok: false; error: Refusal };
}

export function voicemailFacade(d: VoicemailFacadeDeps): VoicemailFacade {
  const store = d.voicemail.store;
  const view = (extension: string): MailboxView | undefined => {
    const owner = d.extension(extension);
    if (!owner) return undefined;
    const { pinSet, maxMessageS, emailNotify, busyGreeting, unavailableGreeting } =
      store.settings(extension);
    return {
      extension,
      enabled: owner.voicemailEnabled,
      email: owner.email,
      pinSet,
      maxMessageS,
      emailNotify,
      busyGreeting,
      unavailableGreeting,
      ...store.counts(extension),
    };
  };
  return {
    messages: (mailbox) => store.list(mailbox).reverse(),
    message: (id) => store.get(id),
    audio: (id) => {
      const path = store.path(id);
      return path && existsSync(path) ? Bun.file(path) : undefined;
    },
    setStatus: (id, status) => {
      if (status === "saved") return d.voicemail.markSaved(id);
      const message = store.get(id);
      if (!message) return false;
      store.setStatus(id, status);
      d.voicemail.changed(message.mailbox);
      return true;
    },
    remove: (id) => d.voicemail.remove(id),
    mailbox: view,
    updateMailbox(extension, change) {
      if (!d.extension(extension))
        return { ok: false, error: { code: "not_found", message: `no extension ${extension}` } };
      if (change.enabled !== undefined || change.email !== undefined) {
        const done = d.updateExtension(extension, {
          ...(change.enabled !== undefined ? { voicemailEnabled: change.enabled } : {}),
          ...(change.email !== undefined ? { email: change.email } : {}),
        });
        if (!done.ok) return done;
      }
      const extensionPin = d.extension(extension)?.voicemailPin ?? "";
      if (change.pin !== undefined) store.setPin(extension, change.pin, extensionPin);
      const patch = {
        ...(change.maxMessageS !== undefined ? { maxMessageS: change.maxMessageS } : {}),
        ...(change.emailNotify !== undefined ? { emailNotify: change.emailNotify } : {}),
      };
      if (Object.keys(patch).length > 0) store.update(extension, patch);
      return { ok: true, value: view(extension)! };
    },
  };
}
