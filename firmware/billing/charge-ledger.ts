// SPEC BILL-2 and the rating decisions under BILL-8: the money side of one billed call. At
// answer the call engine reserves the first charge (refused when balance plus credit, less
// what the extension's other calls hold, cannot pay it); each time the paid time runs out it
// extends by one period (refused: the engine plays a short prompt and cuts the call); at the
// end it settles exactly once at the rated cost, or releases when nothing is owed. Each step
// is one IMMEDIATE transaction, so calls of one extension on several connections never
// reserve more than it has. A reservation left open by a power loss is settled at start for
// what it reserved: reservations are made per started period, which is what a call owes.
import { and, eq } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { billingCharges } from "../db/schema/billing.ts";
import { availableMinor } from "./authorize-outbound.ts";
import { accountIn, reservedIn, saveAccount } from "./billing-account-service.ts";
import { cost, firstCharge, type RateRule } from "./rate-rule.ts";

export interface ChargeView {
  id: number;
  callId: string;
  extension: string;
  number: string;
  rule: RateRule;
  answeredAtMs: number;
  reservedMinor: number;
  coversS: number;
  state: "open" | "settled" | "released";
  chargedMinor: number | null;
  talkS: number | null;
  endedAtMs: number | null;
}

export type LedgerRefusal = "insufficient-funds" | "locked" | "not-found" | "not-open";

export type LedgerResult<T> = { ok: true; value: T } | { ok: false; reason: LedgerRefusal };

const IMMEDIATE = { behavior: "immediate" } as const;

export class ChargeLedger {
  constructor(private readonly db: PbxDatabase) {}

  get(id: number): ChargeView | undefined {
    const row = this.db.select().from(billingCharges).where(eq(billingCharges.id, id)).get();
    return row && { ...row, rule: row.rule as RateRule };
  }

  /** Open charges of one extension, or of every extension. */
  open(extension?: string): ChargeView[] {
    return this.db
      .select()
      .from(billingCharges)
      .where(
        and(
          eq(billingCharges.state, "open"),
          extension === undefined ? undefined : eq(billingCharges.extension, extension),
        ),
      )
      .all()
      .map((row) => ({ ...row, rule: row.rule as RateRule }));
  }

  /** At answer: holds the rule's first charge, or refuses. */
  reserve(call: {
    callId: string;
    extension: string;
    number: string;
    rule: RateRule;
    atMs: number;
  }): LedgerResult<ChargeView> {
    const first = firstCharge(call.rule);
    const id = this.db.transaction((tx) => {
      const account = accountIn(tx, call.extension);
      if (account.locked) return "locked" as const;
      const available = availableMinor(account, reservedIn(tx, call.extension));
      if (available < first.amountMinor || available <= 0) return "insufficient-funds" as const;
      return tx
        .insert(billingCharges)
        .values({
          callId: call.callId,
          extension: call.extension,
          number: call.number,
          rule: call.rule,
          answeredAtMs: call.atMs,
          reservedMinor: first.amountMinor,
          coversS: first.coversS,
        })
        .returning({ id: billingCharges.id })
        .get().id;
    }, IMMEDIATE);
    if (typeof id === "string") return { ok: false, reason: id };
    return { ok: true, value: this.get(id)! };
  }

  /** Whether `extend` would hold one more period now (to warn the caller before the cut). */
  canExtend(id: number): boolean {
    const row = this.db.select().from(billingCharges).where(eq(billingCharges.id, id)).get();
    if (row?.state !== "open") return false;
    const available = availableMinor(
      accountIn(this.db, row.extension),
      reservedIn(this.db, row.extension),
    );
    return available >= (row.rule as RateRule).rateMinor;
  }

  /** When the paid time runs out: holds one more period, or refuses (the call is cut). */
  extend(id: number): LedgerResult<ChargeView> {
    const outcome = this.db.transaction((tx) => {
      const row = tx.select().from(billingCharges).where(eq(billingCharges.id, id)).get();
      if (!row) return "not-found" as const;
      if (row.state !== "open") return "not-open" as const;
      const rule = row.rule as RateRule;
      const available = availableMinor(accountIn(tx, row.extension), reservedIn(tx, row.extension));
      if (available < rule.rateMinor) return "insufficient-funds" as const;
      tx.update(billingCharges)
        .set({
          reservedMinor: row.reservedMinor + rule.rateMinor,
          coversS: row.coversS + rule.periodS,
        })
        .where(eq(billingCharges.id, id))
        .run();
      return undefined;
    }, IMMEDIATE);
    if (outcome) return { ok: false, reason: outcome };
    return { ok: true, value: this.get(id)! };
  }

  /** At hang-up: charges the rated cost of `talkS` seconds, once; a second settle is refused. */
  settle(id: number, talkS: number, atMs: number): LedgerResult<ChargeView> {
    return this.#close(id, atMs, (row) => cost(row.rule as RateRule, talkS).totalMinor, talkS);
  }

  /** Nothing is owed (the call failed before talk): frees the reservation. */
  release(id: number, atMs: number): LedgerResult<ChargeView> {
    return this.#close(id, atMs, undefined, 0);
  }

  /**
   * At start: settles every reservation a stop left open for what it holds (the periods the
   * call had started), or releases it when it holds nothing. Returns the charges it closed.
   */
  closeUnfinished(atMs: number): { settled: ChargeView[]; released: ChargeView[] } {
    const settled: ChargeView[] = [];
    const released: ChargeView[] = [];
    for (const charge of this.open()) {
      if (charge.reservedMinor > 0) {
        const done = this.#close(charge.id, atMs, (row) => row.reservedMinor, null);
        if (done.ok) settled.push(done.value);
      } else {
        const done = this.release(charge.id, atMs);
        if (done.ok) released.push(done.value);
      }
    }
    return { settled, released };
  }

  #close(
    id: number,
    atMs: number,
    amount: ((row: typeof billingCharges.$inferSelect) => number) | undefined,
    talkS: number | null,
  ): LedgerResult<ChargeView> {
    const outcome = this.db.transaction((tx) => {
      const row = tx.select().from(billingCharges).where(eq(billingCharges.id, id)).get();
      if (!row) return "not-found" as const;
      if (row.state !== "open") return "not-open" as const;
      const charged = amount ? amount(row) : 0;
      if (charged > 0) {
        const account = accountIn(tx, row.extension);
        saveAccount(tx, { ...account, balanceMinor: account.balanceMinor - charged });
      }
      tx.update(billingCharges)
        .set({
          state: amount ? "settled" : "released",
          chargedMinor: charged,
          talkS: talkS === null ? null : Math.ceil(talkS),
          endedAtMs: atMs,
        })
        .where(and(eq(billingCharges.id, id), eq(billingCharges.state, "open")))
        .run();
      return undefined;
    }, IMMEDIATE);
    if (outcome) return { ok: false, reason: outcome };
    return { ok: true, value: this.get(id)! };
  }
}
