// SPEC CALL-5 (manual 电话会议): the settings of conference rooms 90-99. The ten rooms always
// exist; a room nobody edited reads as the manual's defaults (guest PIN 1234, admin PIN 2345,
// no option on), and saving writes its row.
import { eq } from "drizzle-orm";
import type { PbxDatabase } from "../../db/open-database.ts";
import { conferenceRooms } from "../../db/schema/conference-rooms.ts";
import { CONFERENCE_ROOMS } from "../../numbering/manual-numbers.ts";

export interface ConferenceRoomSettings {
  number: string;
  name: string;
  guestPin: string;
  adminPin: string;
  /** The dial permission class for the admin's invitations ("" = the admin's own). */
  dialPermission: string;
  waitForAdmin: boolean;
  announceJoiners: boolean;
  record: boolean;
}

export type ConferenceRoomChange = Partial<Omit<ConferenceRoomSettings, "number">>;

/** The manual's defaults: "默认参会密码为 1234，管理员密码为 2345". */
export const DEFAULT_GUEST_PIN = "1234";
export const DEFAULT_ADMIN_PIN = "2345";

/** Rejected input, naming the field. */
export class RoomSettingsError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export function roomNumbers(): string[] {
  const numbers: string[] = [];
  for (let n = CONFERENCE_ROOMS.first; n <= CONFERENCE_ROOMS.last; n++) numbers.push(String(n));
  return numbers;
}

export function defaultRoom(number: string): ConferenceRoomSettings {
  return {
    number,
    name: "",
    guestPin: DEFAULT_GUEST_PIN,
    adminPin: DEFAULT_ADMIN_PIN,
    dialPermission: "",
    waitForAdmin: false,
    announceJoiners: false,
    record: false,
  };
}

const PIN = /^\d{1,12}$/;

export class ConferenceRoomStore {
  readonly #db: PbxDatabase;

  constructor(db: PbxDatabase) {
    this.#db = db;
  }

  isRoom(number: string): boolean {
    return roomNumbers().includes(number);
  }

  list(): ConferenceRoomSettings[] {
    const rows = new Map(
      this.#db
        .select()
        .from(conferenceRooms)
        .all()
        .map((r) => [r.number, r]),
    );
    return roomNumbers().map((n) => ({ ...defaultRoom(n), ...rows.get(n) }));
  }

  get(number: string): ConferenceRoomSettings | undefined {
    if (!this.isRoom(number)) return undefined;
    const row = this.#db
      .select()
      .from(conferenceRooms)
      .where(eq(conferenceRooms.number, number))
      .get();
    return { ...defaultRoom(number), ...row };
  }

  /** Saves a change; throws RoomSettingsError naming a bad field. */
  update(number: string, change: ConferenceRoomChange): ConferenceRoomSettings {
    const current = this.get(number);
    if (!current) throw new RoomSettingsError("number", `no conference room ${number} (90-99)`);
    const next = { ...current, ...change, number };
    if (typeof next.name !== "string" || next.name.length > 64)
      throw new RoomSettingsError("name", "at most 64 characters");
    for (const field of ["guestPin", "adminPin"] as const)
      if (typeof next[field] !== "string" || !PIN.test(next[field]))
        throw new RoomSettingsError(field, "1 to 12 digits");
    if (next.guestPin === next.adminPin)
      throw new RoomSettingsError("adminPin", "must differ from the guest PIN");
    if (typeof next.dialPermission !== "string")
      throw new RoomSettingsError("dialPermission", "a class name");
    for (const field of ["waitForAdmin", "announceJoiners", "record"] as const)
      if (typeof next[field] !== "boolean") throw new RoomSettingsError(field, "true or false");
    const { number: _n, ...values } = next;
    this.#db
      .insert(conferenceRooms)
      .values(next)
      .onConflictDoUpdate({ target: conferenceRooms.number, set: values })
      .run();
    return next;
  }
}
