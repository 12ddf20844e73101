// SPEC CALL-6 (manual 电话->高级功能->寻呼与对讲): paging groups. Dialling a group's number
// rings every member's IP phone with the auto-answer headers; simplex members only listen,
// duplex members talk back.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const pagingGroups = sqliteTable("paging_groups", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** 寻呼号码: a number of the numbering registry (firmware/numbering), unique. */
  number: text("number").notNull().unique(),
  /** 名称. */
  name: text("name").notNull().default(""),
  /** 模式: "simplex" (members only listen) or "duplex" (members talk back). */
  mode: text("mode").notNull().default("simplex"),
  /** 寻呼组成员: IP extension numbers, as a JSON array. */
  members: text("members").notNull().default("[]"),
});
