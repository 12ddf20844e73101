// SPEC EXT-5: "FXS ports are found at start and given extension numbers". Each FXS port present
// gets a row the first time it is seen: number firstNumber + channel - 1 (8001, 8002, ... by
// default: the manuals give no numbering, so the analog block sits apart from the IP extensions
// an installer adds), fixed; the admin edits alias, department, recording, language, dial
// permission and the gains (whole dB, -24..+12: the manual warns that high volume hurts quality).
// SPEC CALL-7: voicemail on/off and the e-mail address, checked by the IP extensions' rules (the
// PIN is the mailbox's, set through firmware/voicemail/analog-mailboxes.ts).
import { asc, eq, inArray } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { analogExtensions } from "../db/schema/analog-extensions.ts";
import { departments } from "../db/schema/departments.ts";
import { RECORDING_MODES } from "../db/schema/extensions.ts";
import { LANGUAGES, validateSettings } from "../extensions/extension-validation.ts";

export interface AnalogExtensionView {
  channel: number;
  number: string;
  name: string;
  alias: string;
  departmentId: number | null;
  recording: string;
  language: string;
  dialPermission: string;
  rxGainDb: number;
  txGainDb: number;
  /** Busy, no answer and an unreachable port go to the mailbox (SPEC CALL-7). */
  voicemailEnabled: boolean;
  /** Where new messages are mailed ("" none). */
  email: string;
}

export type AnalogExtensionPatch = Partial<
  Pick<
    AnalogExtensionView,
    | "alias"
    | "departmentId"
    | "recording"
    | "language"
    | "dialPermission"
    | "rxGainDb"
    | "txGainDb"
    | "voicemailEnabled"
    | "email"
  >
>;

export type AnalogOutcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: { code: "invalid" | "required" | "not_found"; message: string; field?: string };
    };

export const GAIN_MIN_DB = -24;
export const GAIN_MAX_DB = 12;
export const DEFAULT_FIRST_ANALOG_NUMBER = "8001";

const invalid = (field: string, message: string): AnalogOutcome<never> => ({
  ok: false,
  error: { code: "invalid", field, message },
});

export class AnalogExtensionService {
  private channels: number[] = [];
  private readonly listeners = new Set<(view: AnalogExtensionView) => void>();

  constructor(
    private readonly db: PbxDatabase,
    private readonly firstNumber = DEFAULT_FIRST_ANALOG_NUMBER,
  ) {}

  /** Records the FXS ports present now, giving new ones their number. */
  ensurePorts(channels: readonly number[]): void {
    this.channels = [...channels].sort((a, b) => a - b);
    const known = new Set(
      this.db
        .select({ channel: analogExtensions.channel })
        .from(analogExtensions)
        .all()
        .map((r) => r.channel),
    );
    for (const channel of this.channels) {
      if (known.has(channel)) continue;
      this.db
        .insert(analogExtensions)
        .values({
          channel,
          number: String(Number(this.firstNumber) + channel - 1),
          name: `FXS ${channel}`,
        })
        .run();
    }
  }

  /** The analog extensions of the ports present, by channel. */
  list(): AnalogExtensionView[] {
    if (this.channels.length === 0) return [];
    return this.db
      .select()
      .from(analogExtensions)
      .where(inArray(analogExtensions.channel, this.channels))
      .orderBy(asc(analogExtensions.channel))
      .all()
      .map(viewOf);
  }

  get(channel: number): AnalogExtensionView | undefined {
    if (!this.channels.includes(channel)) return undefined;
    const row = this.db
      .select()
      .from(analogExtensions)
      .where(eq(analogExtensions.channel, channel))
      .get();
    return row ? viewOf(row) : undefined;
  }

  /** The extension dialled as `number`, if it is analog. */
  byNumber(number: string): AnalogExtensionView | undefined {
    return this.list().find((a) => a.number === number);
  }

  /** Called after each change, e.g. to apply new gains to the line. */
  onChange(listener: (view: AnalogExtensionView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  update(channel: number, patch: AnalogExtensionPatch): AnalogOutcome<AnalogExtensionView> {
    if (!this.get(channel))
      return { ok: false, error: { code: "not_found", message: `no FXS port ${channel}` } };
    const problem = this.check(patch);
    if (problem) return problem;
    this.db
      .update(analogExtensions)
      .set({ ...patch, updatedAt: new Date() } as Partial<typeof analogExtensions.$inferInsert>)
      .where(eq(analogExtensions.channel, channel))
      .run();
    const view = this.get(channel)!;
    for (const l of this.listeners) l(view);
    return { ok: true, value: view };
  }

  private check(patch: AnalogExtensionPatch): AnalogOutcome<never> | undefined {
    const p = patch;
    if (p.alias !== undefined && (p.alias.length > 64 || /[\u0000-\u001f\u007f]/.test(p.alias)))
      return invalid("alias", "must be at most 64 characters without control characters");
    if (p.departmentId !== undefined && p.departmentId !== null) {
      const exists = this.db
        .select({ id: departments.id })
        .from(departments)
        .where(eq(departments.id, p.departmentId))
        .get();
      if (!exists) return invalid("departmentId", "must be an existing department id or null");
    }
    if (p.recording !== undefined && !(RECORDING_MODES as readonly string[]).includes(p.recording))
      return invalid("recording", `must be one of: ${RECORDING_MODES.join(", ")}`);
    if (p.language !== undefined && !LANGUAGES.includes(p.language))
      return invalid("language", 'must be one of: "", zh, en');
    if (p.dialPermission !== undefined && !/^[a-z0-9-]{1,32}$/.test(p.dialPermission))
      return invalid("dialPermission", "must be a dial permission class name");
    for (const field of ["rxGainDb", "txGainDb"] as const) {
      const v = p[field];
      if (v !== undefined && !(Number.isInteger(v) && v >= GAIN_MIN_DB && v <= GAIN_MAX_DB))
        return invalid(field, `must be a whole number of dB from ${GAIN_MIN_DB} to ${GAIN_MAX_DB}`);
    }
    // The IP extensions' rules for the same fields, so both dialogs refuse alike.
    const { voicemailEnabled, email } = p;
    const voicemail = validateSettings({
      ...(voicemailEnabled !== undefined ? { voicemailEnabled } : {}),
      ...(email !== undefined ? { email } : {}),
    });
    if (voicemail) return invalid(voicemail.field ?? "email", voicemail.message);
    return undefined;
  }
}

function viewOf(row: typeof analogExtensions.$inferSelect): AnalogExtensionView {
  return {
    channel: row.channel,
    number: row.number,
    name: row.name,
    alias: row.alias,
    departmentId: row.departmentId,
    recording: row.recording,
    language: row.language,
    dialPermission: row.dialPermission,
    rxGainDb: row.rxGainDb,
    txGainDb: row.txGainDb,
    voicemailEnabled: row.voicemailEnabled,
    email: row.email,
  };
}
