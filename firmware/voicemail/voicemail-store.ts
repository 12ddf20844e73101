// SPEC CALL-7: mailboxes and their messages. A message's WAV is written to a temporary name,
// synced and renamed into <dir>/<extension>/ before its row is written (DESIGN "Data"): after
// a power cut a row always names a whole file, and a file without a row (cut between the two)
// is removed at start by `sweep`. Deleting removes the row first, then the file, for the same
// reason. PINs are kept only as argon2id hashes.
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
import { join } from "node:path";
import { and, asc, count, eq } from "drizzle-orm";
import { writeWav } from "../../media/file/wav-writer.ts";
import { sha256Hex } from "../accounts/random-secret.ts";
import type { PbxDatabase } from "../db/open-database.ts";
import { mailboxes, voicemailMessages } from "../db/schema/voicemail.ts";

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
  constructor(
    private readonly db: PbxDatabase,
    /** <data>/voicemail */
    readonly dir: string,
  ) {}

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

  counts(mailbox: string): MailboxCounts {
    const of = (status: MessageStatus) =>
      this.db
        .select({ n: count() })
        .from(voicemailMessages)
        .where(and(eq(voicemailMessages.mailbox, mailbox), eq(voicemailMessages.status, status)))
        .get()?.n ?? 0;
    return { newMessages: of("new"), oldMessages: of("saved") };
  }

  /** Writes the WAV (temp + fsync + rename), then the row. */
  add(
    mailbox: string,
    message: { callerNumber: string; callerName: string; receivedMs: number; samples: Int16Array },
  ): VoicemailMessage {
    const file = `msg-${message.receivedMs}-${Math.floor(Math.random() * 1e6)}.wav`;
    writeAtomically(join(this.folder(mailbox), file), writeWav(8000, [message.samples]));
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
    return toMessage(row);
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
    rmSync(join(this.folder(row.mailbox), row.file), { force: true });
    return true;
  }

  /** The message's WAV path, when the message exists. */
  path(id: number): string | undefined {
    const row = this.db.select().from(voicemailMessages).where(eq(voicemailMessages.id, id)).get();
    return row && join(this.folder(row.mailbox), row.file);
  }

  greetingPath(mailbox: string, kind: GreetingKind): string {
    return join(this.folder(mailbox), `greeting-${kind}.wav`);
  }

  saveGreeting(mailbox: string, kind: GreetingKind, samples: Int16Array): void {
    writeAtomically(this.greetingPath(mailbox, kind), writeWav(8000, [samples]));
    this.update(mailbox, kind === "busy" ? { busyGreeting: true } : { unavailableGreeting: true });
  }

  /** Every message and greeting of a deleted extension. */
  forget(mailbox: string): void {
    this.db.delete(voicemailMessages).where(eq(voicemailMessages.mailbox, mailbox)).run();
    this.db.delete(mailboxes).where(eq(mailboxes.extension, mailbox)).run();
    rmSync(join(this.dir, mailbox), { recursive: true, force: true });
  }

  /** At start: temporary files and message files no row names (a cut between the two). */
  sweep(): number {
    if (!existsSync(this.dir)) return 0;
    let removed = 0;
    for (const box of readdirSync(this.dir)) {
      const known = new Set(this.list(box).map((m) => this.path(m.id)));
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
