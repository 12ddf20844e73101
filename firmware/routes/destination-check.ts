// A destination typed by the admin must parse and, for an IVR or a time condition, name one
// that exists; extensions and departments are checked by number only (they may come later).
import { eq } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { ivrs, timeConditions } from "../db/schema/routes.ts";
import { parseDestination } from "./destination.ts";

/** undefined when fine, else the message for the field. */
export function checkDestination(db: PbxDatabase, text: string): string | undefined {
  const parsed = parseDestination(text);
  if (!parsed.ok) return parsed.message;
  const d = parsed.value;
  if (d.kind === "ivr" && !db.select({ id: ivrs.id }).from(ivrs).where(eq(ivrs.id, d.id)).get())
    return `has no IVR ${d.id}`;
  if (
    d.kind === "time-condition" &&
    !db
      .select({ id: timeConditions.id })
      .from(timeConditions)
      .where(eq(timeConditions.id, d.id))
      .get()
  )
    return `has no time condition ${d.id}`;
  return undefined;
}
