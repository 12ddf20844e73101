// SPEC EXT-2 (IP extensions), EXT-3 (add in bulk), EXT-4 (quick registration code), WEB-1
// (extension users log in with number + extension password when web login is on).
// Domain outcomes are values (ExtensionResult); listeners hear of each committed change.
import { timingSafeEqual } from "node:crypto";
import { count, eq, inArray, isNotNull, or, type SQL, sql } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { departments } from "../db/schema/departments.ts";
import { extensions } from "../db/schema/extensions.ts";
import type { NumberingCheck, TakenParams } from "../numbering/number-holder.ts";
import { callerIdSequence } from "./caller-id-sequence.ts";
import { type Clock, systemClock } from "./clock.ts";
import { generateExtensionPassword, generatePin } from "./extension-password.ts";
import { definedOnly, settingsOf, toColumns, toRecord } from "./extension-row.ts";
import type {
  BulkAddRequest,
  ExtensionAuth,
  ExtensionChange,
  ExtensionError,
  ExtensionRecord,
  ExtensionResult,
  ExtensionSettings,
  NewExtension,
} from "./extension-types.ts";
import {
  extensionNumberProblem,
  NUMBER_PATTERN,
  remoteRuleError,
  validateSettings,
} from "./extension-validation.ts";
import { pickQuickCode } from "./quick-code.ts";

export const BULK_MAX_COUNT = 500;
/**
 * The most IP extensions one box keeps (DESIGN: a small business, "up to a few hundred
 * extensions"); registrar tables, the status page and exports are sized for this.
 */
export const MAX_EXTENSIONS = 1000;
export const LIST_MAX_LIMIT = 500;

export interface ExtensionServiceOptions {
  /** Digest realm the HA1 values are computed in ("pbx" unless settings say otherwise). */
  realm: string;
  clock?: Clock;
  /** Every number the box answers; without it only extensions and departments are checked. */
  numbering?: NumberingCheck;
}

/** One page of a listing. */
export interface ExtensionPage {
  items: ExtensionRecord[];
  total: number;
}

/** A listing request: `search` matches a number prefix, or part of the name or email. */
export interface ExtensionQuery {
  search?: string;
  offset?: number;
  limit?: number;
}

const fail = (error: ExtensionError) => ({ ok: false, error }) as const;

/** Creates, reads, changes and deletes IP extensions. */
export class ExtensionService {
  private realmValue: string;
  private readonly clock: Clock;
  private readonly numbering: NumberingCheck | undefined;
  private readonly listeners = new Set<(change: ExtensionChange) => void>();

  constructor(
    private readonly db: PbxDatabase,
    options: ExtensionServiceOptions,
  ) {
    this.realmValue = options.realm;
    this.clock = options.clock ?? systemClock;
    this.numbering = options.numbering;
  }

  /** The digest realm the stored HA1 values belong to. */
  get realm(): string {
    return this.realmValue;
  }

  /** Calls `listener` after each committed change; returns the unsubscribe function. */
  onChange(listener: (change: ExtensionChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The extension with this number. */
  get(number: string): ExtensionRecord | undefined {
    const row = this.db.select().from(extensions).where(eq(extensions.number, number)).get();
    return row && toRecord(row);
  }

  /** Every extension's number and display name (the numbering registry reads these). */
  numbers(): { number: string; displayName: string }[] {
    return this.db
      .select({ number: extensions.number, displayName: extensions.displayName })
      .from(extensions)
      .all();
  }

  /** A page of extensions in numeric order. */
  list(query: ExtensionQuery = {}): ExtensionPage {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), LIST_MAX_LIMIT);
    const offset = Math.max(query.offset ?? 0, 0);
    const where = searchCondition(query.search?.trim() ?? "");
    const rows = this.db
      .select()
      .from(extensions)
      .where(where)
      .orderBy(sql`CAST(${extensions.number} AS INTEGER)`)
      .limit(limit)
      .offset(offset)
      .all();
    const total = this.db.select({ n: count() }).from(extensions).where(where).get()?.n ?? 0;
    return { items: rows.map(toRecord), total };
  }

  /** Adds one extension; unset settings take defaults, the password a generated one. */
  create(input: NewExtension): ExtensionResult<ExtensionRecord> {
    const { number, ...given } = input;
    const numberProblem = extensionNumberProblem(number);
    if (numberProblem) return fail({ code: "invalid", field: "number", message: numberProblem });
    const patch = definedOnly(given);
    const settings = { ...defaultSettings(), ...patch };
    const error = this.checkSettings(settings, patch);
    if (error) return fail(error);
    const created = this.insertAll([number], () => settings, "number");
    if (!created.ok) return created;
    return { ok: true, value: created.value[0]! };
  }

  /** Adds `count` consecutive extensions sharing settings (SPEC EXT-3), all or none. */
  bulkAdd(request: BulkAddRequest): ExtensionResult<ExtensionRecord[]> {
    const startProblem = extensionNumberProblem(request.startNumber);
    if (startProblem) return fail({ code: "invalid", field: "startNumber", message: startProblem });
    const n = request.count;
    if (!Number.isInteger(n) || n < 1 || n > BULK_MAX_COUNT) {
      const message = `must be a whole number 1-${BULK_MAX_COUNT}`;
      return fail({ code: "invalid", field: "count", message });
    }
    const numbers = Array.from({ length: n }, (_, i) => String(Number(request.startNumber) + i));
    if (!NUMBER_PATTERN.test(numbers[n - 1]!)) {
      const message = `the range ends at ${numbers[n - 1]}, past the 8-digit numbering`;
      return fail({ code: "invalid", field: "count", message });
    }
    const firstCallerId = request.firstCallerId ?? "";
    const callerIdError = validateSettings({ outboundCallerId: firstCallerId });
    if (callerIdError) return fail({ ...callerIdError, field: "firstCallerId" });
    const patch = definedOnly(request.settings ?? {});
    delete patch.outboundCallerId;
    const shared = { ...defaultSettings(), ...patch };
    const error = this.checkSettings(shared, patch);
    if (error) return fail(error);
    const callerIds = callerIdSequence(firstCallerId, n, request.callerIdMode ?? "increment");
    return this.insertAll(
      numbers,
      (i) => ({
        ...shared,
        outboundCallerId: callerIds[i]!,
        sipPassword: patch.sipPassword ?? generateExtensionPassword(),
        voicemailPin: patch.voicemailPin ?? generatePin(),
      }),
      "startNumber",
    );
  }

  /** Changes settings of an existing extension; the HA1 follows a new password. */
  update(number: string, patch: Partial<ExtensionSettings>): ExtensionResult<ExtensionRecord> {
    const current = this.get(number);
    if (!current) return fail({ code: "not_found", message: `no extension ${number}` });
    const changes = definedOnly(patch);
    const settings = { ...settingsOf(current), ...changes };
    const error = this.checkSettings(settings, changes);
    if (error) return fail(error);
    this.db
      .update(extensions)
      .set({ ...toColumns(number, this.realmValue, settings), updatedAt: this.now() })
      .where(eq(extensions.number, number))
      .run();
    this.emit({ kind: "updated", numbers: [number] });
    return { ok: true, value: this.get(number)! };
  }

  /** Removes an extension (its web sessions go with it); false when there was none. */
  delete(number: string): boolean {
    const removed = this.db
      .delete(extensions)
      .where(eq(extensions.number, number))
      .returning({ number: extensions.number })
      .all();
    if (removed.length > 0) this.emit({ kind: "deleted", numbers: [number] });
    return removed.length > 0;
  }

  /** The extension, when web login is on for it and `password` is its password. */
  verifyWebLogin(number: string, password: string): ExtensionRecord | undefined {
    const record = this.get(number);
    const stored = record?.sipPassword ?? "\u0000no extension";
    const same = timingSafeEqual(sha256(stored), sha256(password));
    return record && same && record.webLogin ? record : undefined;
  }

  /** Registrar view of the given extensions (all when omitted). */
  authEntries(numbers?: readonly string[]): ExtensionAuth[] {
    const rows = this.db
      .select({
        number: extensions.number,
        displayName: extensions.displayName,
        ha1Md5: extensions.ha1Md5,
        ha1Sha256: extensions.ha1Sha256,
        maxRegistrations: extensions.maxRegistrations,
        registrationExpiryS: extensions.registrationExpiryS,
        remoteExtension: extensions.remoteExtension,
        qualify: extensions.qualify,
        codecs: extensions.codecs,
        dtmfMode: extensions.dtmfMode,
        outboundCallerId: extensions.outboundCallerId,
        recording: extensions.recording,
      })
      .from(extensions)
      .where(numbers === undefined ? undefined : inArray(extensions.number, [...numbers]))
      .all();
    return rows.map((row) => ({ ...row, codecs: row.codecs.split(",").filter((c) => c !== "") }));
  }

  /** Moves every extension to a new digest realm, recomputing all HA1 values. */
  setRealm(realm: string): void {
    if (realm === this.realmValue) return;
    this.realmValue = realm;
    const all = this.db.select().from(extensions).all();
    this.db.transaction((tx) => {
      for (const row of all) {
        const columns = toColumns(row.number, realm, settingsOf(toRecord(row)));
        tx.update(extensions).set(columns).where(eq(extensions.number, row.number)).run();
      }
    });
    if (all.length > 0) this.emit({ kind: "updated", numbers: all.map((r) => r.number) });
  }

  private checkSettings(
    settings: ExtensionSettings,
    patch: Partial<ExtensionSettings>,
  ): ExtensionError | undefined {
    const error = validateSettings(patch) ?? remoteRuleError(settings, patch);
    if (error) return error;
    if (settings.departmentId !== null) {
      const found = this.db
        .select({ id: departments.id })
        .from(departments)
        .where(eq(departments.id, settings.departmentId))
        .get();
      if (!found) return { code: "invalid", field: "departmentId", message: "no such department" };
    }
    return undefined;
  }

  /** Inserts all numbers in one transaction, refusing if any is in use; names the first taken. */
  private insertAll(
    numbers: readonly string[],
    settingsFor: (index: number) => ExtensionSettings,
    numberField: string,
  ): ExtensionResult<ExtensionRecord[]> {
    const clash = this.numbering?.firstClash(numbers, { kind: "extension" });
    if (clash) {
      const { message, params } = clash;
      return fail({ code: "taken", field: numberField, message, params });
    }
    const taken = this.firstTaken(numbers);
    if (taken) return fail({ code: "taken", field: numberField, ...taken });
    const existing = this.db.select({ n: count() }).from(extensions).get()?.n ?? 0;
    if (existing + numbers.length > MAX_EXTENSIONS) {
      const room = Math.max(MAX_EXTENSIONS - existing, 0);
      const message =
        `the box serves at most ${MAX_EXTENSIONS} extensions; ${existing} exist, ` +
        `so ${room} more can be added`;
      if (numberField === "number") return fail({ code: "too_many", message });
      return fail({ code: "too_many", field: "count", message });
    }
    const used = this.quickCodesInUse();
    const now = this.now();
    this.db.transaction((tx) => {
      numbers.forEach((number, i) => {
        const quickCode = pickQuickCode(used);
        if (quickCode !== null) used.add(quickCode);
        const columns = toColumns(number, this.realmValue, settingsFor(i));
        tx.insert(extensions)
          .values({ ...columns, number, quickCode, createdAt: now, updatedAt: now })
          .run();
      });
    });
    this.emit({ kind: "created", numbers });
    return { ok: true, value: numbers.map((number) => this.get(number)!) };
  }

  /** The extension quick code `code` belongs to (SPEC PROV-1). */
  quickCodeOwner(code: string): string | undefined {
    return this.db
      .select({ number: extensions.number })
      .from(extensions)
      .where(eq(extensions.quickCode, code))
      .get()?.number;
  }

  /**
   * SPEC PROV-1: a quick code serves one phone; once used the extension gets a fresh one, so a
   * code read off the page or the exported sheet cannot set up a second phone later.
   */
  renewQuickCode(number: string): string | null {
    const quickCode = pickQuickCode(this.quickCodesInUse());
    const now = this.now();
    this.db
      .update(extensions)
      .set({ quickCode, updatedAt: now })
      .where(eq(extensions.number, number))
      .run();
    this.emit({ kind: "updated", numbers: [number] });
    return quickCode;
  }

  private quickCodesInUse(): Set<string> {
    return new Set(
      this.db
        .select({ code: extensions.quickCode })
        .from(extensions)
        .where(isNotNull(extensions.quickCode))
        .all()
        .map((r) => r.code!),
    );
  }

  private firstTaken(
    numbers: readonly string[],
  ): { message: string; params: TakenParams } | undefined {
    const list = [...numbers];
    const ext = this.db
      .select({ number: extensions.number })
      .from(extensions)
      .where(inArray(extensions.number, list))
      .orderBy(sql`CAST(${extensions.number} AS INTEGER)`)
      .get();
    if (ext) {
      const holder = { kind: "extension", number: ext.number, name: "" };
      return { message: `extension ${ext.number} already exists`, params: { holder } };
    }
    const dept = this.db
      .select({ number: departments.number, name: departments.name })
      .from(departments)
      .where(inArray(departments.number, list))
      .get();
    return (
      dept && {
        message: `${dept.number} is a department number`,
        params: { holder: { kind: "department", number: dept.number, name: dept.name } },
      }
    );
  }

  private now(): Date {
    return new Date(this.clock.now());
  }

  private emit(change: ExtensionChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

/** Settings of a new extension before the caller's choices are applied. */
function defaultSettings(): ExtensionSettings {
  return {
    displayName: "",
    sipPassword: generateExtensionPassword(),
    email: "",
    outboundCallerId: "",
    mohClass: "default",
    mobile: "",
    departmentId: null,
    dialPermission: "international",
    language: "",
    voicemailEnabled: false,
    remoteExtension: false,
    video: false,
    webLogin: false,
    mayBeMonitored: false,
    voicemailPin: generatePin(),
    maxRegistrations: 3,
    videoCodec: "h264",
    recording: "none",
    registrationExpiryS: 120,
    transport: "udp",
    dtmfMode: "rfc4733",
    srtp: false,
    qualify: true,
    codecs: ["PCMU", "PCMA", "G722"],
  };
}

function searchCondition(search: string): SQL | undefined {
  if (search === "") return undefined;
  const escaped = search.replace(/[\\%_]/g, (c) => `\\${c}`);
  return or(
    sql`${extensions.number} LIKE ${`${escaped}%`} ESCAPE '\\'`,
    sql`${extensions.displayName} LIKE ${`%${escaped}%`} ESCAPE '\\'`,
    sql`${extensions.email} LIKE ${`%${escaped}%`} ESCAPE '\\'`,
  );
}

function sha256(text: string): Buffer {
  return Buffer.from(new Bun.CryptoHasher("sha256").update(text).digest());
}
