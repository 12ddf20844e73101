// SPEC CALL-7 for analog extensions (FXS handsets): their mailboxes are the same mailboxes as
// the IP extensions' (one store, one routing hook, one *60#/*61# menu, the handset's stutter
// dial tone from the same counts), read through the analog row's voicemail switch and e-mail
// address. An analog extension has no PIN in clear: the PIN the admin gives is kept only as
// the mailbox's argon2id hash, as a PIN changed by phone is. A handset cannot open a mailbox
// without a PIN, so the analog dialog turns voicemail on only with one.
import type {
  AnalogExtensionPatch,
  AnalogExtensionView,
  AnalogOutcome,
} from "../lines/analog-extension-service.ts";
import type { MailboxOwner } from "./start-voicemail.ts";
import type { VoicemailStore } from "./voicemail-store.ts";

/** An analog extension as the admin's dialog sees it. */
export interface AnalogMailboxView extends AnalogExtensionView {
  /** The mailbox has a PIN (never shown). */
  voicemailPinSet: boolean;
}

/** A dialog's change: the row's fields and the mailbox PIN (4-8 digits, stored hashed). */
export type AnalogMailboxPatch = AnalogExtensionPatch & { voicemailPin?: string };

/** What this needs of the analog extension service. */
export interface AnalogExtensionRows {
  list(): AnalogExtensionView[];
  get(channel: number): AnalogExtensionView | undefined;
  byNumber(number: string): AnalogExtensionView | undefined;
  update(channel: number, patch: AnalogExtensionPatch): AnalogOutcome<AnalogExtensionView>;
}

export interface AnalogMailboxes {
  list(): AnalogMailboxView[];
  update(channel: number, patch: AnalogMailboxPatch): AnalogOutcome<AnalogMailboxView>;
  /**
   * The voicemail page's change of an analog mailbox's switch and address (that page sets the
   * PIN itself, after this).
   */
  updateByNumber(
    number: string,
    patch: { voicemailEnabled?: boolean; email?: string },
  ): AnalogOutcome<AnalogMailboxView>;
}

const PIN = /^[0-9]{4,8}$/;

/** The mailbox owner an analog extension is (no PIN in clear: only the mailbox's hash opens). */
export function analogMailboxOwner(
  analog: AnalogExtensionView | undefined,
): MailboxOwner | undefined {
  return (
    analog && {
      voicemailEnabled: analog.voicemailEnabled,
      voicemailPin: "",
      email: analog.email,
      language: analog.language,
    }
  );
}

export function analogMailboxes(
  rows: AnalogExtensionRows,
  store: Pick<VoicemailStore, "settings" | "setPin">,
): AnalogMailboxes {
  const view = (analog: AnalogExtensionView): AnalogMailboxView => ({
    ...analog,
    voicemailPinSet: store.settings(analog.number).pinSet,
  });
  const update = (channel: number, patch: AnalogMailboxPatch): AnalogOutcome<AnalogMailboxView> => {
    const { voicemailPin: pin, ...fields } = patch;
    const before = rows.get(channel);
    if (!before)
      return { ok: false, error: { code: "not_found", message: `no FXS port ${channel}` } };
    if (pin !== undefined && !PIN.test(pin)) return refuse("invalid", "must be 4-8 digits");
    const turnedOn = fields.voicemailEnabled === true && !before.voicemailEnabled;
    if (turnedOn && pin === undefined && !store.settings(before.number).pinSet)
      return refuse("required", "is needed to turn voicemail on (the handset asks for it at *61#)");
    const done = rows.update(channel, fields);
    if (!done.ok) return done;
    // The empty extension PIN is the hash's basis: it stands until the next PIN given here or
    // on the handset.
    if (pin !== undefined) store.setPin(before.number, pin, "");
    return { ok: true, value: view(done.value) };
  };
  return {
    list: () => rows.list().map(view),
    update,
    updateByNumber(number, patch) {
      const analog = rows.byNumber(number);
      if (!analog)
        return { ok: false, error: { code: "not_found", message: `no extension ${number}` } };
      const done = rows.update(analog.channel, patch);
      return done.ok ? { ok: true, value: view(done.value) } : done;
    },
  };
}

function refuse(code: "invalid" | "required", message: string): AnalogOutcome<never> {
  return { ok: false, error: { code, field: "voicemailPin", message } };
}
