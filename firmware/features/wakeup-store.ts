// SPEC CALL-4: the wake-up calls booked on the box (`wakeup_calls`), kept in the database so a
// restart keeps them. The web API and the *55 feature codes book through the same checks.
import { and, asc, eq, lte } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { wakeupCalls } from "../db/schema/wakeup-follow-me.ts";

export const WAKEUP_STATUSES = ["scheduled", "confirmed", "unanswered", "cancelled"] as const;
export type WakeupStatus = (typeof WAKEUP_STATUSES)[number];

export interface WakeupCall {
  id: number;
  extension: string;
  /** The booked time, UTC milliseconds. */
  atMs: number;
  /** When the box rings next (the booked time, a snooze or a retry). */
  nextMs: number;
  status: WakeupStatus;
  /** Unanswered rings since the last answer. */
  missed: number;
  bookedBy: string;
  createdMs: number;
}

export interface WakeupError {
  code: "invalid" | "not_found";
  field?: string;
  message: string;
}

export type WakeupResult<T> = { ok: true; value: T } | { ok: false; error: WakeupError };

export class WakeupStore {
  constructor(
    private readonly db: PbxDatabase,
    private readonly now: () => number,
  ) {}

  /** Booked calls (all, or one extension's), the soonest first; `all` includes finished ones. */
  list(filter: { extension?: string; all?: boolean } = {}): WakeupCall[] {
    const where = [
      ...(filter.extension ? [eq(wakeupCalls.extension, filter.extension)] : []),
      ...(filter.all ? [] : [eq(wakeupCalls.status, "scheduled")]),
    ];
    return this.db
      .select()
      .from(wakeupCalls)
      .where(and(...where))
      .orderBy(asc(wakeupCalls.atMs), asc(wakeupCalls.id))
      .all()
      .map(toCall);
  }

  get(id: number): WakeupCall | undefined {
    const row = this.db.select().from(wakeupCalls).where(eq(wakeupCalls.id, id)).get();
    return row && toCall(row);
  }

  /** Books a call for `extension` at `atMs`; a time not after now is refused. */
  add(extension: string, atMs: number, bookedBy: string): WakeupResult<WakeupCall> {
    const now = this.now();
    if (!(atMs > now)) return past();
    const row = this.db
      .insert(wakeupCalls)
      .values({ extension, atMs, nextMs: atMs, bookedBy, createdMs: now })
      .returning()
      .get();
    return { ok: true, value: toCall(row) };
  }

  /** Moves a booking (a new time or extension); it rings afresh at the new time. */
  update(id: number, change: { extension?: string; atMs?: number }): WakeupResult<WakeupCall> {
    const call = this.get(id);
    if (!call) return notFound(id);
    const atMs = change.atMs ?? call.atMs;
    if (change.atMs !== undefined && !(atMs > this.now())) return past();
    const row = this.db
      .update(wakeupCalls)
      .set({
        extension: change.extension ?? call.extension,
        atMs,
        nextMs: change.atMs !== undefined ? atMs : call.nextMs,
        ...(change.atMs !== undefined ? { status: "scheduled", missed: 0 } : {}),
      })
      .where(eq(wakeupCalls.id, id))
      .returning()
      .get();
    return { ok: true, value: toCall(row!) };
  }

  remove(id: number): boolean {
    const gone = this.db.delete(wakeupCalls).where(eq(wakeupCalls.id, id)).returning().all();
    return gone.length > 0;
  }

  /** *055#: every booking of `extension` still to ring is cancelled; how many. */
  cancelAll(extension: string): number {
    return this.db
      .update(wakeupCalls)
      .set({ status: "cancelled" })
      .where(and(eq(wakeupCalls.extension, extension), eq(wakeupCalls.status, "scheduled")))
      .returning()
      .all().length;
  }

  /** Bookings due to ring by `atMs`. */
  due(atMs: number): WakeupCall[] {
    return this.db
      .select()
      .from(wakeupCalls)
      .where(and(eq(wakeupCalls.status, "scheduled"), lte(wakeupCalls.nextMs, atMs)))
      .orderBy(asc(wakeupCalls.nextMs))
      .all()
      .map(toCall);
  }

  /** The scheduler's record of a ring: rings again at `nextMs`, or is finished with `status`. */
  record(id: number, change: { status?: WakeupStatus; nextMs?: number; missed?: number }): void {
    this.db.update(wakeupCalls).set(change).where(eq(wakeupCalls.id, id)).run();
  }

  /** An extension was deleted: its bookings go with it. */
  forget(extension: string): void {
    this.db.delete(wakeupCalls).where(eq(wakeupCalls.extension, extension)).run();
  }
}

function toCall(row: typeof wakeupCalls.$inferSelect): WakeupCall {
  return { ...row, status: row.status as WakeupStatus };
}

function past(): { ok: false; error: WakeupError } {
  return {
    ok: false,
    error: { code: "invalid", field: "at", message: "the wake-up time has already passed" },
  };
}

function notFound(id: number): { ok: false; error: WakeupError } {
  return { ok: false, error: { code: "not_found", message: `no wake-up call ${id}` } };
}
