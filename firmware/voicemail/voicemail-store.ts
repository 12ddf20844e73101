// SPEC CALL-7: mailboxes and their messages. A message's WAV is written to a temporary name,
// synced and renamed into <dir>/<extension>/ before its row is written (DESIGN "Data"): after
// a power cut a row always names a whole file, and a file without a row (cut between the two)
// is removed at start by `sweep`. Deleting removes the row first, then the file, for the same
// reason. PINs are kept only as argon2id hashes.
//
// SPEC DEV-5: with a USB stick given as the "usb" volume for new messages, each message is still
// written on the data volume first and moved to the stick once whole (copy to a temporary
// name, sync, rename, then the data copy removed), so a stick pulled or full never costs a
// message. Where a message lives is found rather than stored: the data volume first, then the
// stick. A message on a stick that has been pulled stays listed; its audio is back when the
// stick is. Greetings stay on the data volume, where every call can reach them.

import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { copyFile, open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { writeWav } from "../../media/file/wav-writer.ts";
import { sha256Hex } from "../accounts/random-secret.ts";
import type { PbxDatabase } from "../db/open-database.ts";
import { mailboxes, voicemailMessages } from "../db/schema/voicemail.ts";
import { type ChunkWriter, writeFileAtomic } from "../services/atomic-file.ts";

export type MessageStatus = "new" | "saved";
export type GreetingKind = "busy" | "unavailable";

export interface VoicemailMessage {
  id: number;
  mailbox: string;
  callerNumber: string;
  callerName: string;
  receivedMs: number;
  durationMs: number;
  status: MessageStatus;
}

export interface MailboxSettings {
  extension: string;
  /** A PIN was set here (else the extension's voicemail PIN stands). */
  pinSet: boolean;
  busyGreeting: boolean;
  unavailableGreeting: boolean;
  maxMessageS: number;
  emailNotify: boolean;
}

export interface MailboxCounts {
  newMessages: number;
  oldMessages: number;
}

export class VoicemailStore {
  /** The stick's voicemail folder while one is given. */
  #usb: string | undefined;
  /** New messages move to the stick. */
  #toUsb = false;
  /** Moves to the stick, one after another. */
  #moves: Promise<void> = Promise.resolve();
  /** Messages per status of one mailbox, prepared once (see `counts`). */
  readonly #counts;

  constructor(
    private readonly db: PbxDatabase,
    /** <data>/voicemail */
    readonly dir: string,
    /** Whether the stick has room for `bytes` more. */
    private readonly usbHasRoomFor: (bytes: number) => boolean = () => true,
    /** The write(2) call greetings are written with; tests fill the disk mid-file here. */
    private readonly writeChunk: ChunkWriter = writeSync,
  ) {
    this.#counts = db
      .select({ status: voicemailMessages.status, n: count() })
      .from(voicemailMessages)
      .where(eq(voicemailMessages.mailbox, sql.placeholder("mailbox")))
      .groupBy(voicemailMessages.status)
      .prepare();
  }

  /**
   * A USB stick mounted (its voicemail folder) or gone (undefined); `useForNew`: new messages
   * move to it. Only the volume "usb" is known.
   */
  setVolume(name: string, dir: string | undefined, useForNew = false): void {
    if (name !== "usb") return;
    this.#usb = dir;
    this.#toUsb = dir !== undefined && useForNew;
    if (dir) this.#sweepStick(dir);
  }

  /** Resolves once every message waiting to move to the stick has moved (or stayed). */
  idle(): Promise<void> {
    return this.#moves;
  }

  settings(extension: string): MailboxSettings {
    const row = this.db.select().from(mailboxes).where(eq(mailboxes.extension, extension)).get();
    return {
      extension,
      pinSet: (row?.pinHash ?? "") !== "",
      busyGreeting: row?.busyGreeting ?? false,
      unavailableGreeting: row?.unavailableGreeting ?? false,
      maxMessageS: row?.maxMessageS ?? 120,
      emailNotify: row?.emailNotify ?? true,
    };
  }

  update(
    extension: string,
    patch: Partial<{
      pinBasis: string;
      maxMessageS: number;
      emailNotify: boolean;
      busyGreeting: boolean;
      unavailableGreeting: boolean;
      pinHash: string;
    }>,
  ): MailboxSettings {
    this.db
      .insert(mailboxes)
      .values({ extension, ...patch })
      .onConflictDoUpdate({ target: mailboxes.extension, set: patch })
      .run();
    return this.settings(extension);
  }

  /**
   * Stores the PIN's hash (the clear PIN is not kept), noting which extension PIN it replaces
   * (`extensionPin`, kept only as a digest).
   */
  setPin(extension: string, pin: string, extensionPin: string): void {
    this.update(extension, {
      pinHash: Bun.password.hashSync(pin),
      pinBasis: sha256Hex(extensionPin),
    });
  }

  /**
   * Checks `pin` against the stored hash, else against `fallback` (the extension's PIN): the
   * hash stands until the admin gives the extension a different PIN.
   */
  checkPin(extension: string, pin: string, fallback: string): boolean {
    const row = this.db.select().from(mailboxes).where(eq(mailboxes.extension, extension)).get();
    const hash = row?.pinHash ?? "";
    if (hash !== "" && row?.pinBasis === sha256Hex(fallback)) {
      try {
        return Bun.password.verifySync(pin, hash);
      } catch {
        return false;
      }
    }
    return fallback !== "" && pin === fallback;
  }

  list(mailbox: string): VoicemailMessage[] {
    return this.db
      .select()
      .from(voicemailMessages)
      .where(eq(voicemailMessages.mailbox, mailbox))
      .orderBy(asc(voicemailMessages.receivedMs), asc(voicemailMessages.id))
      .all()
      .map(toMessage);
  }

  get(id: number): VoicemailMessage | undefined {
    const row = this.db.select().from(voicemailMessages).where(eq(voicemailMessages.id, id)).get();
    return row && toMessage(row);
  }

  // Asked for each phone that registers anew (its message lamp), so a storm of phones after a
  // power cut runs it thousands of times a second: one statement, prepared once.
  counts(mailbox: string): MailboxCounts {
    const rows = this.#counts.all({ mailbox });
    const of = (status: MessageStatus) => rows.find((r) => r.status === status)?.n ?? 0;
    return { newMessages: of("new"), oldMessages: of("saved") };
  }

  /** Writes the WAV (temp + fsync + rename), then the row. */
  add(
    mailbox: string,
    message: { callerNumber: string; callerName: string; receivedMs: number; samples: Int16Array },
  ): VoicemailMessage {
    const file = `msg-${message.receivedMs}-${Math.floor(Math.random() * 1e6)}.wav`;
    const bytes = writeWav(8000, [message.samples]);
    writeAtomically(join(this.folder(mailbox), file), bytes);
    const row = this.db
      .insert(voicemailMessages)
      .values({
        mailbox,
        callerNumber: message.callerNumber,
        callerName: message.callerName,
        receivedMs: message.receivedMs,
        durationMs: Math.round((message.samples.length * 1000) / 8000),
        status: "new",
        file,
      })
      .returning()
      .get();
    // Where it goes is decided now: a stick put in while the caller spoke gets it too.
    if (this.#toUsb) this.#moveLater(mailbox, file, bytes.length);
    return toMessage(row);
  }

  #moveLater(mailbox: string, file: string, bytes: number): void {
    this.#moves = this.#moves.then(() => this.#move(mailbox, file, bytes));
  }

  /** Copies the WAV to the stick, synced, renamed, then drops the data volume's copy. */
  async #move(mailbox: string, file: string, bytes: number): Promise<void> {
    const root = this.#usb;
    if (!root || !this.usbHasRoomFor(bytes)) return;
    const from = join(this.dir, mailbox, file);
    const to = join(root, mailbox, file);
    const part = `${to}.part`;
    try {
      mkdirSync(join(root, mailbox), { recursive: true });
      await copyFile(from, part);
      const handle = await open(part, "r+");
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(part, to);
      // Deleted while it moved: the copy goes too.
      if (!this.#row(mailbox, file)) await rm(to, { force: true });
      await rm(from, { force: true });
    } catch {
      // The stick went or filled mid-copy: the message stays on the data volume.
      await rm(part, { force: true }).catch(() => {});
    }
  }

  #row(mailbox: string, file: string) {
    return this.db
      .select({ id: voicemailMessages.id })
      .from(voicemailMessages)
      .where(and(eq(voicemailMessages.mailbox, mailbox), eq(voicemailMessages.file, file)))
      .get();
  }

  setStatus(id: number, status: MessageStatus): boolean {
    const done = this.db
      .update(voicemailMessages)
      .set({ status })
      .where(eq(voicemailMessages.id, id))
      .returning()
      .all();
    return done.length > 0;
  }

  /** Removes the row, then the file. */
  remove(id: number): boolean {
    const row = this.db
      .delete(voicemailMessages)
      .where(eq(voicemailMessages.id, id))
      .returning()
      .get();
    if (!row) return false;
    for (const path of this.#places(row.mailbox, row.file)) rmSync(path, { force: true });
    return true;
  }

  /**
   * The message's WAV path: on the data volume, else on the stick; undefined when the message
   * does not exist or its file is on a stick that is not in.
   */
  path(id: number): string | undefined {
    const row = this.db.select().from(voicemailMessages).where(eq(voicemailMessages.id, id)).get();
    return row && this.#places(row.mailbox, row.file).find((path) => existsSync(path));
  }

  /** Whether the message's file is on the stick rather than the data volume. */
  onStick(id: number): boolean {
    const path = this.path(id);
    return path !== undefined && this.#usb !== undefined && path.startsWith(this.#usb);
  }

  #places(mailbox: string, file: string): string[] {
    const data = join(this.folder(mailbox), file);
    return this.#usb ? [data, join(this.#usb, mailbox, file)] : [data];
  }

  greetingPath(mailbox: string, kind: GreetingKind): string {
    return join(this.folder(mailbox), `greeting-${kind}.wav`);
  }

  /**
   * Replaces the greeting: the new file is written beside the old one and renamed over it, so
   * a write cut short (a full disk, a power cut) leaves the old greeting as it was.
   */
  saveGreeting(mailbox: string, kind: GreetingKind, samples: Int16Array): void {
    writeFileAtomic(this.greetingPath(mailbox, kind), writeWav(8000, [samples]), this.writeChunk);
    this.update(mailbox, greetingFlag(kind, true));
  }

  /** Whether a recorded greeting of this kind is there to play. */
  hasGreeting(mailbox: string, kind: GreetingKind): boolean {
    const settings = this.settings(mailbox);
    const flagged = kind === "busy" ? settings.busyGreeting : settings.unavailableGreeting;
    return flagged && existsSync(this.greetingPath(mailbox, kind));
  }

  /**
   * Drops the recorded greeting (callers hear the built-in one again): the flag first, then
   * the file, so a cut between the two never leaves a flag naming a missing file.
   */
  removeGreeting(mailbox: string, kind: GreetingKind): boolean {
    const had = this.hasGreeting(mailbox, kind);
    this.update(mailbox, greetingFlag(kind, false));
    rmSync(this.greetingPath(mailbox, kind), { force: true });
    return had;
  }

  /** Every message and greeting of a deleted extension. */
  forget(mailbox: string): void {
    this.db.delete(voicemailMessages).where(eq(voicemailMessages.mailbox, mailbox)).run();
    this.db.delete(mailboxes).where(eq(mailboxes.extension, mailbox)).run();
    rmSync(join(this.dir, mailbox), { recursive: true, force: true });
    if (this.#usb) rmSync(join(this.#usb, mailbox), { recursive: true, force: true });
  }

  /** At start: temporary files and message files no row names (a cut between the two). */
  sweep(): number {
    if (!existsSync(this.dir)) return 0;
    let removed = 0;
    for (const box of readdirSync(this.dir)) {
      const files = this.db
        .select({ file: voicemailMessages.file })
        .from(voicemailMessages)
        .where(eq(voicemailMessages.mailbox, box))
        .all();
      const known = new Set(files.map((m) => join(this.dir, box, m.file)));
      for (const name of readdirSync(join(this.dir, box))) {
        const path = join(this.dir, box, name);
        if (name.endsWith(".part") || (name.startsWith("msg-") && !known.has(path))) {
          rmSync(path, { force: true });
          removed++;
        }
      }
    }
    return removed;
  }

  /** A stick's copies cut short by a pull or a power cut. */
  #sweepStick(dir: string): void {
    try {
      for (const box of readdirSync(dir))
        for (const name of readdirSync(join(dir, box)))
          if (name.endsWith(".part")) rmSync(join(dir, box, name), { force: true });
    } catch {
      // No folder yet, or the stick is read-only or gone: nothing to sweep.
    }
  }

  private folder(mailbox: string): string {
    if (!/^[0-9]{1,20}$/.test(mailbox)) throw new Error("bad mailbox number");
    const dir = join(this.dir, mailbox);
    mkdirSync(dir, { recursive: true });
    return dir;
  }
}

function writeAtomically(path: string, bytes: Uint8Array): void {
  const temp = `${path}.part`;
  const fd = openSync(temp, "w");
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

function greetingFlag(kind: GreetingKind, on: boolean) {
  return kind === "busy" ? { busyGreeting: on } : { unavailableGreeting: on };
}

function toMessage(row: typeof voicemailMessages.$inferSelect): VoicemailMessage {
  return {
    id: row.id,
    mailbox: row.mailbox,
    callerNumber: row.callerNumber,
    callerName: row.callerName,
    receivedMs: row.receivedMs,
    durationMs: row.durationMs,
    status: row.status === "saved" ? "saved" : "new",
  };
}
