// SPEC CALL-7 voicemail's wiring for main.ts: the store, the routing hook (busy and no answer
// go to the mailbox after forwarding had its say), the two applications the engine opens
// (leaving a message; the *60#/*61# menu), the message counts the lamps read, and the mail
// with the WAV attached for each new message. Every change of a mailbox's counts is a
// `mailbox` event, which re-NOTIFYs message-summary subscribers (RFC 3842).
import { readFileSync } from "node:fs";
import { readWav } from "../../media/file/wav-reader.ts";
import { writeWav } from "../../media/file/wav-writer.ts";
import { sayNumber } from "../../media/say/say.ts";
import { matchFeatureCode } from "../calls/apps/feature-handler.ts";
import { promptLanguage } from "../calls/apps/info-announcement.ts";
import type { ApplicationOpener } from "../calls/call-engine.ts";
import type { CalledLeg } from "../calls/leg.ts";
import type { Destination } from "../calls/routing/destination.ts";
import type { RoutingHook } from "../calls/routing/routing-hooks.ts";
import { VOICEMAIL_APP, voicemailDestination } from "../calls/routing/voicemail-destination.ts";
import type { PbxDatabase } from "../db/open-database.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { ChunkWriter } from "../services/atomic-file.ts";
import type { MailResult, OutgoingMail } from "../services/smtp-mailer.ts";
import type { Clock } from "../sip/clock.ts";
import { LeaveMessageLeg } from "./leave-message-leg.ts";
import { type MailboxAccess, MailboxMenuLeg } from "./mailbox-menu-leg.ts";
import { type MailboxCounts, VoicemailStore } from "./voicemail-store.ts";

/** The *60#/*61# menu's application name (leaving a message is VOICEMAIL_APP). */
export const MAILBOX_MENU_APP = "voicemail-menu";

/** What voicemail reads of an extension, IP or analog (`analog-mailboxes.ts`). */
export interface MailboxOwner {
  voicemailEnabled: boolean;
  voicemailPin: string;
  email: string;
  language: string;
}

export interface VoicemailWiring {
  db: PbxDatabase;
  /** <data>/voicemail */
  dir: string;
  clock: Clock;
  events: Pick<EventBus, "emit">;
  owner(extension: string): MailboxOwner | undefined;
  /** The caller's prompt language setting (undefined: the box's). */
  language(number: string): string | undefined;
  clip(lang: string, name: string): Int16Array | undefined;
  featureCodes(): readonly { id: string; code: string; enabled: boolean }[];
  mailer?: { send(mail: OutgoingMail): Promise<MailResult> };
  /** Whether the USB stick has room for `bytes` more (SPEC DEV-5). */
  usbHasRoomFor?(bytes: number): boolean;
  /** The write(2) call greetings are written with (tests fill the disk). */
  writeChunk?: ChunkWriter;
  log(message: string, fields: Record<string, unknown>): void;
}

export interface Voicemail {
  store: VoicemailStore;
  hook: RoutingHook;
  applications: Record<string, ApplicationOpener>;
  /** *60 / *61 dialled: the menu application. */
  application(number: string): { app: string; argument: string } | undefined;
  counts(extension: string): MailboxCounts;
  /** Says the counts changed (the lamps re-NOTIFY). */
  changed(extension: string): void;
  markSaved(id: number): boolean;
  remove(id: number): boolean;
}

export function startVoicemail(w: VoicemailWiring): Voicemail {
  const store = new VoicemailStore(w.db, w.dir, w.usbHasRoomFor, w.writeChunk);
  const swept = store.sweep();
  if (swept > 0) w.log("voicemail files without a message removed", { files: swept });
  const changed = (extension: string) =>
    w.events.emit({ type: "mailbox", extension, ...store.counts(extension), atMs: w.clock.now() });
  const clips = (lang: string, names: readonly string[]) =>
    names.flatMap((n) => w.clip(lang, n) ?? []);
  const enabled = (extension: string) => w.owner(extension)?.voicemailEnabled === true;

  const hook: RoutingHook = {
    onOutcome(destination, outcome): Destination | undefined {
      // IP and analog extensions alike: an FXS handset nobody lifts, or one in use, too.
      const party = destination.kind === "extension" || destination.kind === "analog";
      if (!party || !enabled(destination.number)) return undefined;
      return voicemailDestination(destination.number, outcome === "busy" ? "busy" : "unavailable");
    },
  };

  const greeting = (mailbox: string, why: string, lang: string): Int16Array[] => {
    const settings = store.settings(mailbox);
    const kind = why === "busy" && settings.busyGreeting ? "busy" : "unavailable";
    if (settings.busyGreeting || settings.unavailableGreeting) {
      const recorded =
        kind === "busy" || settings.unavailableGreeting
          ? wavSamples(store.greetingPath(mailbox, kind))
          : undefined;
      if (recorded) return [recorded];
    }
    return clips(lang, [
      why === "busy" ? "call/busy" : "call/not-available",
      "vm/record-after-tone",
    ]);
  };

  const notify = (
    mailbox: string,
    message: ReturnType<VoicemailStore["add"]>,
    samples: Int16Array,
  ) => {
    const owner = w.owner(mailbox);
    if (!w.mailer || !owner?.email || !store.settings(mailbox).emailNotify) return;
    const from = message.callerName
      ? `${message.callerName} <${message.callerNumber}>`
      : message.callerNumber || "unknown";
    const at = new Date(message.receivedMs).toISOString();
    void w.mailer
      .send({
        to: [owner.email],
        subject: `New voicemail for ${mailbox} from ${from} / 新语音留言`,
        text: `Mailbox ${mailbox}: a ${Math.round(message.durationMs / 1000)} s message from ${from} at ${at}.\n分机 ${mailbox} 有一条来自 ${from} 的新留言。\n`,
        attachments: [
          {
            filename: `voicemail-${message.id}.wav`,
            contentType: "audio/wav",
            content: writeWav(8000, [samples]),
          },
        ],
      })
      .then((result) => {
        if (!result.ok) w.log("voicemail mail not sent", { mailbox, reason: result.error.message });
      });
  };

  const leave: ApplicationOpener = (destination, opening) => {
    const [why = "unavailable", mailbox = ""] = destination.argument.split(":");
    if (!enabled(mailbox)) return { status: 480 };
    const lang = promptLanguage(w.owner(mailbox)?.language);
    return new LeaveMessageLeg(opening.id, mailbox, {
      clock: w.clock,
      greeting: greeting(mailbox, why, lang),
      saved: clips(lang, ["vm/message-saved", "goodbye"]),
      maxMs: store.settings(mailbox).maxMessageS * 1000,
      keep: (samples) => {
        try {
          const message = store.add(mailbox, {
            callerNumber: opening.caller.number,
            callerName: opening.caller.displayName,
            receivedMs: w.clock.now(),
            samples,
          });
          w.log("voicemail message left", { mailbox, id: message.id, ms: message.durationMs });
          changed(mailbox);
          notify(mailbox, message, samples);
        } catch (error) {
          w.log("voicemail message not stored", { mailbox, error: String(error) });
        }
      },
    }) satisfies CalledLeg;
  };

  const access: MailboxAccess = {
    login: (mailbox, pin) => {
      const owner = w.owner(mailbox);
      return owner !== undefined && store.checkPin(mailbox, pin, owner.voicemailPin);
    },
    counts: (mailbox) => store.counts(mailbox),
    messages: (mailbox) => {
      const all = store.list(mailbox);
      return [
        ...all.filter((m) => m.status === "new"),
        ...all.filter((m) => m.status === "saved"),
      ].map((m) => m.id);
    },
    audio: (id) => {
      const path = store.path(id);
      return path ? wavSamples(path) : undefined;
    },
    markSaved: (id) => void markSaved(id),
    remove: (id) => void remove(id),
    saveGreeting: (mailbox, kind, samples) => store.saveGreeting(mailbox, kind, samples),
    setPin: (mailbox, pin) => store.setPin(mailbox, pin, w.owner(mailbox)?.voicemailPin ?? ""),
  };

  const menu: ApplicationOpener = (destination, opening) => {
    const lang = promptLanguage(w.language(opening.caller.number));
    const own = destination.argument === "own" ? opening.caller.number : undefined;
    return new MailboxMenuLeg(opening.id, destination.number, {
      clock: w.clock,
      access,
      own,
      say: (names) => clips(lang, names),
      number: (n) => sayNumber(n, lang),
    });
  };

  const markSaved = (id: number): boolean => {
    const message = store.get(id);
    if (!message) return false;
    if (message.status !== "saved") {
      store.setStatus(id, "saved");
      changed(message.mailbox);
    }
    return true;
  };
  const remove = (id: number): boolean => {
    const message = store.get(id);
    if (!message || !store.remove(id)) return false;
    changed(message.mailbox);
    return true;
  };

  return {
    store,
    hook,
    applications: { [VOICEMAIL_APP]: leave, [MAILBOX_MENU_APP]: menu },
    application(number) {
      const codes = w.featureCodes();
      const matched = matchFeatureCode(
        number,
        codes,
        (id) => id === "voicemail-main" || id === "voicemail-own",
      );
      if (matched?.argument !== "") return undefined;
      return { app: MAILBOX_MENU_APP, argument: matched.id === "voicemail-own" ? "own" : "main" };
    },
    counts: (extension) => store.counts(extension),
    changed,
    markSaved,
    remove,
  };
}

function wavSamples(path: string): Int16Array | undefined {
  try {
    const read = readWav(new Uint8Array(readFileSync(path)));
    return read.ok && read.wav.sampleRateHz === 8000 ? read.wav.channels[0] : undefined;
  } catch {
    return undefined;
  }
}
