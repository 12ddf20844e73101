// SPEC PROV-2: the phones the box provisions, one claim list. A phone lands here when PnP hears
// it (its SUBSCRIBE names vendor, model and firmware) or when the operator types its MAC; the
// operator then assigns its accounts (extension numbers, account 1 first: a 2-account phone
// takes 1-2, a 4-line phone 1-4), BLF keys, call waiting and the idle-screen text. Who assigned
// what and when is kept. Outcomes are values (codes `invalid`, `taken`, `not_found`), naming
// the field at fault.
import { eq } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { type PhoneSource, phones } from "../db/schema/phones.ts";
import { normalizeMac } from "./phone-mac.ts";
import { VENDOR_IDS, type VendorId, vendorOf } from "./phone-vendors.ts";

export interface BlfKey {
  extension: string;
  label: string;
  /** The account (1-based) the key subscribes through. */
  line: number;
}

/** A key that dials a number (an extension, an outside number, a feature code). */
export interface SpeedDial {
  number: string;
  label: string;
  /** The account (1-based) the key dials from. */
  line: number;
}

export interface PhoneAssignment {
  lines: string[];
  blfKeys: BlfKey[];
  /** Absent: none. */
  speedDials?: SpeedDial[];
  idleText: string;
  callWaiting: boolean;
  /** HTTP digest credentials the phone must give to fetch its file; empty: none asked. */
  httpUser: string;
  /** Undefined keeps the stored one. */
  httpPassword?: string;
}

/** A phone as the API shows it: never its HTTP password. */
export interface PhoneView {
  mac: string;
  vendor: string;
  model: string;
  firmware: string;
  address: string;
  source: PhoneSource;
  maxLines: number;
  lines: string[];
  blfKeys: BlfKey[];
  speedDials: SpeedDial[];
  idleText: string;
  callWaiting: boolean;
  httpUser: string;
  hasHttpPassword: boolean;
  assigned: boolean;
  assignedBy: string | null;
  assignedAt: string | null;
  discoveredAt: string | null;
  lastFetchAt: string | null;
}

/** What the file server needs besides the view. */
export interface PhoneRecord extends PhoneView {
  httpPassword: string;
}

export interface Discovery {
  mac: string;
  vendor: string;
  model: string;
  firmware: string;
  address: string;
}

export interface PhoneError {
  code: "invalid" | "out-of-range" | "taken" | "not_found";
  field?: string;
  message: string;
  /** For the pages' own wording: {min, max} of a range. */
  params?: { min: number; max: number };
}
export type PhoneResult<T> = { ok: true; value: T } | { ok: false; error: PhoneError };

/** The programmable keys a phone is given (the manual's H83: 4 pages of 7), BLF and speed dials together. */
export const MAX_BLF_KEYS = 28;
const SPEED_DIAL_NUMBER = /^[0-9*#+]{1,32}$/;
export const IDLE_TEXT_MAX = 32;
const CREDENTIAL = /^[A-Za-z0-9._~!$*+=@-]{1,64}$/;

/** Accounts a model holds (the manual: H81 two, H83 four); four for models not listed. */
export function maxLinesOf(model: string): number {
  if (/\bH81|T19|T2[01]|T31|GXP16[0-3]|GRP2612|X1S|X3S|SPA50[12]/i.test(model)) return 2;
  return 4;
}

const invalid = (field: string, message: string): { ok: false; error: PhoneError } => ({
  ok: false,
  error: { code: "invalid", field, message },
});
const outOfRange = (
  field: string,
  min: number,
  max: number,
  message: string,
): { ok: false; error: PhoneError } => ({
  ok: false,
  error: { code: "out-of-range", field, message, params: { min, max } },
});

export interface PhoneServiceOptions {
  /** Whether an extension with this number exists (lines and BLF keys must name one). */
  extensionExists(number: string): boolean;
  now(): number;
  /** Told after an assignment is saved (the phone may be told to fetch its file again). */
  assigned?(before: PhoneRecord, after: PhoneRecord): void;
}

export class PhoneService {
  readonly #db: PbxDatabase;
  readonly #options: PhoneServiceOptions;

  constructor(db: PbxDatabase, options: PhoneServiceOptions) {
    this.#db = db;
    this.#options = options;
  }

  /** Every phone, by MAC. */
  list(): PhoneView[] {
    return this.#db
      .select()
      .from(phones)
      .all()
      .map((row) => viewOf(toRecord(row)))
      .sort((a, b) => a.mac.localeCompare(b.mac));
  }

  get(mac: string): PhoneRecord | undefined {
    const key = normalizeMac(mac);
    if (!key) return undefined;
    const row = this.#db.select().from(phones).where(eq(phones.mac, key)).get();
    return row && toRecord(row);
  }

  /** A phone heard by PnP: added, or its vendor, model, firmware and address refreshed. */
  discovered(found: Discovery): PhoneView {
    const now = new Date(this.#options.now());
    const fields = {
      vendor: vendorOf(found.vendor)?.id ?? found.vendor.slice(0, 32),
      model: found.model.slice(0, 64),
      firmware: found.firmware.slice(0, 64),
      address: found.address.slice(0, 64),
      discoveredAt: now,
    };
    this.#db
      .insert(phones)
      .values({ mac: found.mac, source: "pnp", ...fields })
      .onConflictDoUpdate({ target: phones.mac, set: fields })
      .run();
    return viewOf(this.get(found.mac)!);
  }

  /**
   * SPEC PROV-1: a phone set itself up with extension `number`'s quick code. It joins the claim
   * list as assigned that account (kept if listed already), and the audit names the code.
   */
  claimedByCode(input: { mac: string; userAgent: string; address: string; number: string }): void {
    const mac = normalizeMac(input.mac);
    if (!mac) return;
    const now = new Date(this.#options.now());
    const assignment = {
      lines: JSON.stringify([input.number]),
      address: input.address.slice(0, 64),
      assignedBy: `quick code (${input.number})`,
      assignedAt: now,
    };
    const vendor = vendorOf(input.userAgent)?.id ?? "box";
    this.#db
      .insert(phones)
      .values({ mac, vendor, model: modelOf(input.userAgent), source: "quick-code", ...assignment })
      .onConflictDoUpdate({ target: phones.mac, set: assignment })
      .run();
  }

  /** A phone typed in by the operator, by MAC and vendor (and model, for its line count). */
  claim(input: { mac: string; vendor: string; model?: string }): PhoneResult<PhoneView> {
    const mac = normalizeMac(input.mac);
    if (!mac) return invalid("mac", "a MAC address is 12 hex digits (colons or dashes allowed)");
    if (!(VENDOR_IDS as readonly string[]).includes(input.vendor))
      return invalid("vendor", `vendor must be one of ${VENDOR_IDS.join(", ")}`);
    if ((input.model ?? "").length > 64) return invalid("model", "at most 64 characters");
    if (this.get(mac))
      return {
        ok: false,
        error: { code: "taken", field: "mac", message: "this phone is already listed" },
      };
    this.#db
      .insert(phones)
      .values({ mac, vendor: input.vendor as VendorId, model: input.model ?? "", source: "manual" })
      .run();
    return { ok: true, value: viewOf(this.get(mac)!) };
  }

  /** Assigns accounts and keys; `by` is the operator's login name, kept with the time. */
  assign(mac: string, input: PhoneAssignment, by: string): PhoneResult<PhoneView> {
    const phone = this.get(mac);
    if (!phone)
      return { ok: false, error: { code: "not_found", field: "mac", message: "no such phone" } };
    const checked = this.#check(phone, input);
    if (!checked.ok) return checked;
    this.#db
      .update(phones)
      .set({
        lines: JSON.stringify(input.lines),
        blfKeys: JSON.stringify(input.blfKeys),
        speedDials: JSON.stringify(input.speedDials ?? []),
        idleText: input.idleText,
        callWaiting: input.callWaiting,
        httpUser: input.httpUser,
        httpPassword: input.httpUser === "" ? "" : (input.httpPassword ?? phone.httpPassword),
        assignedBy: by,
        assignedAt: new Date(this.#options.now()),
      })
      .where(eq(phones.mac, phone.mac))
      .run();
    const after = this.get(phone.mac)!;
    this.#options.assigned?.(phone, after);
    return { ok: true, value: viewOf(after) };
  }

  #check(phone: PhoneRecord, input: PhoneAssignment): PhoneResult<void> {
    const max = maxLinesOf(phone.model);
    if (input.lines.length < 1 || input.lines.length > max)
      return outOfRange("lines", 1, max, `this phone takes 1 to ${max} accounts`);
    for (const number of input.lines)
      if (!this.#options.extensionExists(number)) return invalid("lines", `no extension ${number}`);
    if (new Set(input.lines).size !== input.lines.length)
      return invalid("lines", "an extension is given twice");
    if (input.blfKeys.length > MAX_BLF_KEYS)
      return invalid("blfKeys", `at most ${MAX_BLF_KEYS} BLF keys`);
    for (const key of input.blfKeys) {
      if (!this.#options.extensionExists(key.extension))
        return invalid("blfKeys", `no extension ${key.extension}`);
      if (!Number.isInteger(key.line) || key.line < 1 || key.line > input.lines.length)
        return outOfRange(
          "blfKeys",
          1,
          input.lines.length,
          `a BLF key's line is 1 to ${input.lines.length}`,
        );
      if (key.label.length > 32)
        return invalid("blfKeys", "a BLF key's label is at most 32 characters");
    }
    const speedDials = input.speedDials ?? [];
    if (input.blfKeys.length + speedDials.length > MAX_BLF_KEYS)
      return invalid(
        "speedDials",
        `at most ${MAX_BLF_KEYS} keys, BLF keys and speed dials together`,
      );
    for (const key of speedDials) {
      if (!SPEED_DIAL_NUMBER.test(key.number))
        return invalid("speedDials", "a speed dial's number is 1-32 digits, * # or +");
      if (!Number.isInteger(key.line) || key.line < 1 || key.line > input.lines.length)
        return outOfRange(
          "speedDials",
          1,
          input.lines.length,
          `a speed dial's line is 1 to ${input.lines.length}`,
        );
      if (key.label.length > 32)
        return invalid("speedDials", "a speed dial's label is at most 32 characters");
    }
    if (input.idleText.length > IDLE_TEXT_MAX)
      return invalid("idleText", `at most ${IDLE_TEXT_MAX} characters`);
    if (input.httpUser !== "") {
      if (!CREDENTIAL.test(input.httpUser))
        return invalid("httpUser", "1-64 letters, digits or . _ ~ ! $ * + = @ -");
      const password = input.httpPassword ?? phone.httpPassword;
      if (!CREDENTIAL.test(password))
        return invalid("httpPassword", "1-64 letters, digits or . _ ~ ! $ * + = @ -");
    }
    return { ok: true, value: undefined };
  }

  /** Notes that the phone fetched its file. */
  fetched(mac: string): void {
    this.#db
      .update(phones)
      .set({ lastFetchAt: new Date(this.#options.now()) })
      .where(eq(phones.mac, mac))
      .run();
  }

  /** Drops a phone from the list: it gets no file any more. */
  remove(mac: string): PhoneResult<void> {
    const phone = this.get(mac);
    if (!phone)
      return { ok: false, error: { code: "not_found", field: "mac", message: "no such phone" } };
    this.#db.delete(phones).where(eq(phones.mac, phone.mac)).run();
    return { ok: true, value: undefined };
  }
}

type PhoneRow = typeof phones.$inferSelect;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function parseList<T>(json: string): T[] {
  try {
    const value = JSON.parse(json);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}

function toRecord(row: PhoneRow): PhoneRecord {
  const lines = parseList<string>(row.lines);
  return {
    mac: row.mac,
    vendor: row.vendor,
    model: row.model,
    firmware: row.firmware,
    address: row.address,
    source: row.source,
    maxLines: maxLinesOf(row.model),
    lines,
    blfKeys: parseList<BlfKey>(row.blfKeys),
    speedDials: parseList<SpeedDial>(row.speedDials),
    idleText: row.idleText,
    callWaiting: row.callWaiting,
    httpUser: row.httpUser,
    httpPassword: row.httpPassword,
    hasHttpPassword: row.httpPassword !== "",
    assigned: lines.length > 0,
    assignedBy: row.assignedBy,
    assignedAt: iso(row.assignedAt),
    discoveredAt: iso(row.discoveredAt),
    lastFetchAt: iso(row.lastFetchAt),
  };
}

function viewOf(record: PhoneRecord): PhoneView {
  const { httpPassword: _secret, ...view } = record;
  return view;
}

/** The model a User-Agent names after its vendor ("Zhike H83P 2.0.1 ..." is H83P). */
function modelOf(userAgent: string): string {
  return (/^\S+\s+([A-Za-z0-9-]+)/.exec(userAgent)?.[1] ?? "").slice(0, 64);
}
