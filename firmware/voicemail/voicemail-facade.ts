// What the web API sees of voicemail (SPEC CALL-7): messages by mailbox, their WAV, saved or
// deleted (the lamps follow), and a mailbox's settings: on/off and the e-mail address are the
// extension's own fields, the PIN (stored hashed), the longest message and the mail switch
// the mailbox's. Greetings (busy, unavailable) are uploaded as MP3 or WAV, checked and
// converted as voice files are (firmware/voice/upload-audio.ts), at most as long as one
// recorded by phone; deleting one brings back the built-in greeting.
import { existsSync } from "node:fs";
import { convertUpload, DEFAULT_UPLOAD_LIMITS, type UploadLimits } from "../voice/upload-audio.ts";
import { MAX_GREETING_MS } from "./mailbox-menu-leg.ts";
import type { Voicemail } from "./start-voicemail.ts";
import type { GreetingKind, MessageStatus, VoicemailMessage } from "./voicemail-store.ts";

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
  /** The recorded greeting as WAV, if there is one. */
  greetingAudio(extension: string, kind: GreetingKind): Blob | undefined;
  /** Checks, converts and stores an uploaded greeting in place of the old one. */
  saveGreeting(
    extension: string,
    kind: GreetingKind,
    upload: { bytes: Uint8Array; fileName: string },
  ): Promise<FacadeResult<MailboxView>>;
  /** Drops the recorded greeting: callers hear the built-in one again. */
  removeGreeting(extension: string, kind: GreetingKind): FacadeResult<MailboxView>;
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
  /** The voice files' upload limits (the size one applies to greetings too). */
  uploadLimits?: UploadLimits;
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
  const noExtension = (extension: string) =>
    ({ ok: false, error: { code: "not_found", message: `no extension ${extension}` } }) as const;
  const limits: UploadLimits = {
    maxUploadBytes: (d.uploadLimits ?? DEFAULT_UPLOAD_LIMITS).maxUploadBytes,
    maxDurationMs: MAX_GREETING_MS,
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
    greetingAudio(extension, kind) {
      if (!d.extension(extension) || !store.hasGreeting(extension, kind)) return undefined;
      return Bun.file(store.greetingPath(extension, kind));
    },
    async saveGreeting(extension, kind, upload) {
      if (!d.extension(extension)) return noExtension(extension);
      const converted = await convertUpload(upload.bytes, upload.fileName, limits);
      if (!converted.ok) return converted;
      store.saveGreeting(extension, kind, converted.value.audio.samples);
      return { ok: true, value: view(extension)! };
    },
    removeGreeting(extension, kind) {
      if (!d.extension(extension)) return noExtension(extension);
      if (!store.removeGreeting(extension, kind))
        return { ok: false, error: { code: "not_found", message: `no recorded ${kind} greeting` } };
      return { ok: true, value: view(extension)! };
    },
  };
}
