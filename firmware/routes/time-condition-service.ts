// SPEC ROUTE-4: time conditions as stored ("mon-fri 09:00-18:00" lines, holiday dates and
// ranges), evaluated in the box's time zone (the system.timeZone setting).
import { asc, eq } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { timeConditions } from "../db/schema/routes.ts";
import { checkDestination } from "./destination-check.ts";
import { checkName, invalid, notFound, type RouteResult, taken } from "./route-result.ts";
import {
  evaluateTimeCondition,
  parseHoliday,
  parseWeekly,
  type TimeCondition,
} from "./time-condition.ts";

export interface TimeConditionView {
  id: number;
  name: string;
  weekly: string[];
  holidays: string[];
  matched: string;
  unmatched: string;
}

export type TimeConditionInput = Omit<TimeConditionView, "id">;

export class TimeConditionService {
  constructor(
    private readonly db: PbxDatabase,
    private readonly timeZone: () => string,
  ) {}

  list(): TimeConditionView[] {
    return this.db
      .select()
      .from(timeConditions)
      .orderBy(asc(timeConditions.id))
      .all()
      .map(({ createdAt: _c, ...row }) => row);
  }

  get(id: number): TimeConditionView | undefined {
    return this.list().find((t) => t.id === id);
  }

  create(input: Partial<TimeConditionInput>): RouteResult<TimeConditionView> {
    const checked = this.#check(
      { name: "", weekly: [], holidays: [], matched: "", unmatched: "", ...input },
      undefined,
    );
    if (!checked.ok) return checked;
    const row = this.db.insert(timeConditions).values(checked.value).returning().get();
    return { ok: true, value: this.get(row.id)! };
  }

  update(id: number, patch: Partial<TimeConditionInput>): RouteResult<TimeConditionView> {
    const current = this.get(id);
    if (!current) return notFound("time condition");
    const checked = this.#check({ ...current, ...patch }, id);
    if (!checked.ok) return checked;
    this.db.update(timeConditions).set(checked.value).where(eq(timeConditions.id, id)).run();
    return { ok: true, value: this.get(id)! };
  }

  delete(id: number): boolean {
    return (
      this.db.delete(timeConditions).where(eq(timeConditions.id, id)).returning().all().length > 0
    );
  }

  /** Where the condition sends a call at `atMs`, in the box's time zone. */
  evaluate(id: number, atMs: number): { matched: boolean; destination: string } | undefined {
    const view = this.get(id);
    return view && evaluateTimeCondition(compile(view), atMs, this.timeZone());
  }

  #check(input: TimeConditionInput, id: number | undefined) {
    const nameError = checkName(input.name);
    if (nameError) return invalid("name", nameError);
    const other = this.db
      .select({ id: timeConditions.id })
      .from(timeConditions)
      .where(eq(timeConditions.name, input.name))
      .get();
    if (other && other.id !== id) return taken("name");
    if (input.weekly.length === 0)
      return invalid("weekly", "needs at least one line like mon-fri 09:00-18:00");
    for (const line of input.weekly) {
      const parsed = parseWeekly(line);
      if (!parsed.ok) return invalid("weekly", parsed.message);
    }
    for (const line of input.holidays) {
      const parsed = parseHoliday(line);
      if (!parsed.ok) return invalid("holidays", parsed.message);
    }
    for (const field of ["matched", "unmatched"] as const) {
      const error =
        id !== undefined && input[field] === `time-condition:${id}`
          ? "cannot lead back to this time condition"
          : checkDestination(this.db, input[field]);
      if (error) return invalid(field, error);
    }
    return {
      ok: true as const,
      value: {
        name: input.name.trim(),
        weekly: input.weekly.map((l) => l.trim()),
        holidays: input.holidays.map((l) => l.trim()),
        matched: input.matched,
        unmatched: input.unmatched,
      },
    };
  }
}

/** The parsed form `evaluateTimeCondition` takes (lines were checked when saved). */
export function compile(view: TimeConditionView): TimeCondition {
  return {
    weekly: view.weekly.flatMap((l) => {
      const p = parseWeekly(l);
      return p.ok ? [p.value] : [];
    }),
    holidays: view.holidays.flatMap((l) => {
      const p = parseHoliday(l);
      return p.ok ? [p.value] : [];
    }),
    matched: view.matched,
    unmatched: view.unmatched,
  };
}
