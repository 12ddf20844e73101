// SPEC CALL-5 (manual 电话会议): the admin's settings of conference rooms 90-99. The rooms
// themselves always exist (the manual's fixed block); a row holds only what the admin changed,
// so a room without one has the manual's defaults (guest PIN 1234, admin PIN 2345).
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const conferenceRooms = sqliteTable("conference_rooms", {
  /** 90..99 (`CONFERENCE_ROOMS` in firmware/numbering/manual-numbers.ts). */
  number: text("number").primaryKey(),
  name: text("name").notNull().default(""),
  guestPin: text("guest_pin").notNull().default("1234"),
  adminPin: text("admin_pin").notNull().default("2345"),
  /** The dial permission class the admin's invitations are placed with ("" = none). */
  dialPermission: text("dial_permission").notNull().default(""),
  /** Guests hear music until the admin joins (等待会议管理员). */
  waitForAdmin: integer("wait_for_admin", { mode: "boolean" }).notNull().default(false),
  /** Joiners record their name, which is played to the room (播报新成员加入). */
  announceJoiners: integer("announce_joiners", { mode: "boolean" }).notNull().default(false),
  /** Every session of the room is recorded (通话录音). */
  record: integer("record", { mode: "boolean" }).notNull().default(false),
});
