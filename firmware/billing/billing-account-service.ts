// SPEC BILL-2, BILL-3, BILL-5: each extension's billing account (billing on/off, payment
// method, balance, credit limit, lock, total top-up), top-ups of one or many extensions by the
// same amount, bulk edits, and the top-up records. Every money change is one transaction; an
// extension without a row has the defaults (billing off, prepaid, nothing on it).
import { and, asc, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { analogExtensions } from "../db/schema/analog-extensions.ts";
import { billingAccounts, billingCharges, billingTopUps } from "../db/schema/billing.ts";
import { extensions as ipExtensions } from "../db/schema/extensions.ts";
import { invalid, notFound, type RouteResult } from "../routes/route-result.ts";
import type { BillingAccount, PaymentMethod } from "./authorize-outbound.ts";

/** An extension's account as the billing pages list it. */
export interface BillingAccountView extends BillingAccount {
  name: string;
  /** Held by its calls in progress. */
  reservedMinor: number;
}

export interface AccountFilter {
  /** Part of the number or name. */
  search?: string;
  locked?: boolean;
  paymentMethod?: PaymentMethod;
}

export interface AccountPatch {
  billingEnabled?: boolean;
  paymentMethod?: PaymentMethod;
  creditLimitMinor?: number;
  locked?: boolean;
}

export interface TopUpRecord {
  id: number;
  extension: string;
  name: string;
  atMs: number;
  balanceBeforeMinor: number;
  amountMinor: number;
  balanceAfterMinor: number;
  byAccount: string;
}

export interface TopUpQuery {
  /** Part of the extension number or its name. */
  keyword?: string;
  fromMs?: number;
  toMs?: number;
  offset?: number;
  limit?: number;
}

export const MAX_AMOUNT_MINOR = 1_000_000_000;

/** Money changes take the write lock first, so two connections never interleave them. */
const IMMEDIATE = { behavior: "immediate" } as const;

type Tx = Parameters<Parameters<PbxDatabase["transaction"]>[0]>[0];

/** The stored account, or the defaults. */
export function accountIn(db: PbxDatabase | Tx, extension: string): BillingAccount {
  const row = db
    .select()
    .from(billingAccounts)
    .where(eq(billingAccounts.extension, extension))
    .get();
  return (
    row ?? {
      extension,
      billingEnabled: false,
      paymentMethod: "prepaid",
      balanceMinor: 0,
      creditLimitMinor: 0,
      locked: false,
      totalTopUpMinor: 0,
    }
  );
}

/** What the extension's open charges hold. */
export function reservedIn(db: PbxDatabase | Tx, extension: string): number {
  const row = db
    .select({ sum: sql<number>`coalesce(sum(${billingCharges.reservedMinor}), 0)` })
    .from(billingCharges)
    .where(and(eq(billingCharges.extension, extension), eq(billingCharges.state, "open")))
    .get();
  return row?.sum ?? 0;
}

/** Writes the account (inserting the row the first time). */
export function saveAccount(db: PbxDatabase | Tx, account: BillingAccount): void {
  db.insert(billingAccounts)
    .values(account)
    .onConflictDoUpdate({ target: billingAccounts.extension, set: account })
    .run();
}

export class BillingAccountService {
  constructor(private readonly db: PbxDatabase) {}

  /** The box's extensions (IP and analog) by number, with their names. */
  directory(): Map<string, string> {
    const names = new Map<string, string>();
    for (const e of this.db
      .select({ number: ipExtensions.number, name: ipExtensions.displayName })
      .from(ipExtensions)
      .all())
      names.set(e.number, e.name);
    for (const a of this.db
      .select({
        number: analogExtensions.number,
        name: analogExtensions.name,
        alias: analogExtensions.alias,
      })
      .from(analogExtensions)
      .all())
      names.set(a.number, a.alias || a.name);
    return names;
  }

  list(filter: AccountFilter = {}): BillingAccountView[] {
    const stored = new Map(
      this.db
        .select()
        .from(billingAccounts)
        .all()
        .map((a) => [a.extension, a]),
    );
    const reserved = new Map(
      this.db
        .select({
          extension: billingCharges.extension,
          sum: sql<number>`sum(${billingCharges.reservedMinor})`,
        })
        .from(billingCharges)
        .where(eq(billingCharges.state, "open"))
        .groupBy(billingCharges.extension)
        .all()
        .map((r) => [r.extension, r.sum]),
    );
    const search = filter.search?.trim().toLowerCase();
    return [...this.directory()]
      .sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))
      .map(([number, name]) => ({
        ...(stored.get(number) ?? accountIn(this.db, number)),
        name,
        reservedMinor: reserved.get(number) ?? 0,
      }))
      .filter(
        (a) =>
          (!search || a.extension.includes(search) || a.name.toLowerCase().includes(search)) &&
          (filter.locked === undefined || a.locked === filter.locked) &&
          (filter.paymentMethod === undefined || a.paymentMethod === filter.paymentMethod),
      );
  }

  get(extension: string): BillingAccountView | undefined {
    const name = this.directory().get(extension);
    if (name === undefined) return undefined;
    return {
      ...accountIn(this.db, extension),
      name,
      reservedMinor: reservedIn(this.db, extension),
    };
  }

  /** The same amount onto each extension, one record each, all in one transaction. */
  topUp(
    extensions: readonly string[],
    amountMinor: number,
    by: string,
    atMs: number,
  ): RouteResult<TopUpRecord[]> {
    if (!Number.isInteger(amountMinor) || amountMinor <= 0 || amountMinor > MAX_AMOUNT_MINOR)
      return invalid("amountMinor", "must be a positive amount");
    const known = this.directory();
    const missing = extensions.find((e) => !known.has(e));
    if (missing !== undefined) return invalid("extensions", `${missing} is not an extension`);
    const ids = this.db.transaction(
      (tx) =>
        [...new Set(extensions)].map((extension) => {
          const account = accountIn(tx, extension);
          const after = account.balanceMinor + amountMinor;
          if (after > Number.MAX_SAFE_INTEGER) throw new RangeError("balance too large");
          saveAccount(tx, {
            ...account,
            balanceMinor: after,
            totalTopUpMinor: account.totalTopUpMinor + amountMinor,
          });
          return tx
            .insert(billingTopUps)
            .values({
              extension,
              atMs,
              balanceBeforeMinor: account.balanceMinor,
              amountMinor,
              balanceAfterMinor: after,
              byAccount: by,
            })
            .returning({ id: billingTopUps.id })
            .get().id;
        }),
      IMMEDIATE,
    );
    const rows = this.db.select().from(billingTopUps).where(inArray(billingTopUps.id, ids)).all();
    return { ok: true, value: rows.map((r) => ({ ...r, name: known.get(r.extension) ?? "" })) };
  }

  /** The same change to each extension; a new payment method resets the total top-up. */
  update(extensions: readonly string[], patch: AccountPatch): RouteResult<BillingAccountView[]> {
    if (
      patch.creditLimitMinor !== undefined &&
      (!Number.isInteger(patch.creditLimitMinor) ||
        patch.creditLimitMinor < 0 ||
        patch.creditLimitMinor > MAX_AMOUNT_MINOR)
    )
      return invalid("creditLimitMinor", "must be an amount from 0");
    const known = this.directory();
    if (extensions.length === 0) return invalid("extensions", "choose at least one extension");
    const missing = extensions.find((e) => !known.has(e));
    if (missing !== undefined) return notFound(`extension ${missing}`);
    this.db.transaction((tx) => {
      for (const extension of new Set(extensions)) {
        const account = accountIn(tx, extension);
        const methodChanged =
          patch.paymentMethod !== undefined && patch.paymentMethod !== account.paymentMethod;
        saveAccount(tx, {
          ...account,
          ...patch,
          totalTopUpMinor: methodChanged ? 0 : account.totalTopUpMinor,
        });
      }
    }, IMMEDIATE);
    return { ok: true, value: extensions.map((e) => this.get(e)!) };
  }

  /** Top-up records, newest first, with the total. */
  topUps(query: TopUpQuery = {}): { items: TopUpRecord[]; total: number } {
    const where = and(
      query.fromMs === undefined ? undefined : gte(billingTopUps.atMs, query.fromMs),
      query.toMs === undefined ? undefined : lt(billingTopUps.atMs, query.toMs),
    );
    const names = this.directory();
    const keyword = query.keyword?.trim().toLowerCase();
    const all = this.db
      .select()
      .from(billingTopUps)
      .where(where)
      .orderBy(desc(billingTopUps.atMs), desc(billingTopUps.id))
      .all()
      .map((r) => ({ ...r, name: names.get(r.extension) ?? "" }))
      .filter(
        (r) => !keyword || r.extension.includes(keyword) || r.name.toLowerCase().includes(keyword),
      );
    const from = query.offset ?? 0;
    return { items: all.slice(from, from + (query.limit ?? all.length)), total: all.length };
  }

  /** Every account row in number order (for the ledger's start-up check and tests). */
  stored(): BillingAccount[] {
    return this.db.select().from(billingAccounts).orderBy(asc(billingAccounts.extension)).all();
  }
}
