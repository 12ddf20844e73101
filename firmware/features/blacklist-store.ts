// SPEC CALL-11: the box's blacklist of outside numbers (`blacklist_numbers`). The manual: "加入
// 黑名单中的号码是外线号码，内部分机号是不能加入黑名单的" — an extension's own number is refused.
import { eq } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { blacklistNumbers } from "../db/schema/call-features.ts";

export interface BlacklistEntry {
  number: string;
  addedBy: string;
  createdAt: Date;
}

export interface BlacklistError {
  code: "invalid" | "taken" | "not_found";
  field?: string;
  message: string;
}

export type BlacklistResult<T> = { ok: true; value: T } | { ok: false; error: BlacklistError };

export const BLACKLIST_NUMBER_PATTERN = /^\+?[0-9]{2,32}$/;

export class BlacklistStore {
  constructor(
    private readonly db: PbxDatabase,
    /** True for a number the box itself answers (an extension, a department...). */
    private readonly isInternal: (number: string) => boolean,
  ) {}

  list(): BlacklistEntry[] {
    return this.db
      .select()
      .from(blacklistNumbers)
      .all()
      .sort((a, b) => a.number.localeCompare(b.number));
  }

  has(number: string): boolean {
    if (number === "") return false;
    return (
      this.db.select().from(blacklistNumbers).where(eq(blacklistNumbers.number, number)).get() !==
      undefined
    );
  }

  add(number: string, addedBy: string): BlacklistResult<BlacklistEntry> {
    const n = number.trim();
    if (!BLACKLIST_NUMBER_PATTERN.test(n))
      return fail("invalid", "an outside number: digits, at most 32");
    if (this.isInternal(n)) return fail("invalid", "an extension cannot be blacklisted");
    if (this.has(n)) return fail("taken", "already on the blacklist");
    const row = { number: n, addedBy, createdAt: new Date() };
    this.db.insert(blacklistNumbers).values(row).run();
    return { ok: true, value: row };
  }

  remove(number: string): boolean {
    if (!this.has(number)) return false;
    this.db.delete(blacklistNumbers).where(eq(blacklistNumbers.number, number)).run();
    return true;
  }
}

function fail<T>(code: BlacklistError["code"], message: string): BlacklistResult<T> {
  return { ok: false, error: { code, field: "number", message } };
}
