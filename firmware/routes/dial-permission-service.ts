// SPEC ROUTE-3: dial permission classes (four built in, custom ones stored) and the toll-fraud
// fuse limits per extension. Extensions and analog extensions name their class in their
// dial_permission column; a custom class in use cannot be deleted.
import { asc, eq } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { analogExtensions } from "../db/schema/analog-extensions.ts";
import { extensions } from "../db/schema/extensions.ts";
import { DIAL_LEVELS, type DialLevel, dialPermissions, tollFuses } from "../db/schema/routes.ts";
import { SettingsStore } from "../db/settings-store.ts";
import { compileDialPattern } from "./dial-pattern.ts";
import { BUILTIN_CLASSES, type DialPermissionClass } from "./dial-permission.ts";
import { emergencyNumbers, saveEmergencyNumbers } from "./emergency-numbers.ts";
import { invalid, notFound, type RouteResult, taken } from "./route-result.ts";
import { type FuseLimits, NO_LIMITS } from "./toll-fuse.ts";

export interface DialPermissionView extends DialPermissionClass {
  /** null for the built-in classes, which cannot be changed. */
  id: number | null;
  builtin: boolean;
}

export interface DialPermissionInput {
  name: string;
  level: DialLevel;
  allow: readonly string[];
  deny: readonly string[];
}

export class DialPermissionService {
  readonly #settings: SettingsStore;

  constructor(private readonly db: PbxDatabase) {
    this.#settings = new SettingsStore(db);
  }

  /** The numbers every caller may dial whatever the class and fuse (the admin's list). */
  emergencyNumbers(): readonly string[] {
    return emergencyNumbers(this.#settings);
  }

  /** Replaces the emergency numbers; each 2-15 digits, at most 20. */
  setEmergencyNumbers(numbers: readonly string[]): RouteResult<readonly string[]> {
    return saveEmergencyNumbers(this.#settings, numbers);
  }

  /** Built-in classes first, then the custom ones. */
  list(): DialPermissionView[] {
    const custom = this.db
      .select()
      .from(dialPermissions)
      .orderBy(asc(dialPermissions.id))
      .all()
      .map(({ createdAt: _c, ...row }) => ({ ...row, builtin: false }));
    return [...BUILTIN_CLASSES.map((c) => ({ ...c, id: null, builtin: true })), ...custom];
  }

  get(id: number): DialPermissionView | undefined {
    return this.list().find((c) => c.id === id);
  }

  /** The class an extension names; an unknown name (a deleted class) allows internal calls only. */
  classFor(name: string): DialPermissionClass {
    return this.list().find((c) => c.name === name) ?? BUILTIN_CLASSES[0]!;
  }

  create(input: Partial<DialPermissionInput>): RouteResult<DialPermissionView> {
    const checked = this.#check(
      { name: "", level: "local", allow: [], deny: [], ...input },
      undefined,
    );
    if (!checked.ok) return checked;
    const row = this.db.insert(dialPermissions).values(checked.value).returning().get();
    return { ok: true, value: this.get(row.id)! };
  }

  update(id: number, patch: Partial<DialPermissionInput>): RouteResult<DialPermissionView> {
    const current = this.get(id);
    if (!current) return notFound("custom dial permission class");
    if (patch.name !== undefined && patch.name !== current.name && this.#inUse(current.name))
      return invalid("name", "cannot change while extensions use this class");
    const checked = this.#check({ ...current, ...patch }, id);
    if (!checked.ok) return checked;
    this.db.update(dialPermissions).set(checked.value).where(eq(dialPermissions.id, id)).run();
    return { ok: true, value: this.get(id)! };
  }

  delete(id: number): RouteResult<true> {
    const current = this.get(id);
    if (!current) return notFound("custom dial permission class");
    if (this.#inUse(current.name))
      return { ok: false, error: { code: "in_use", message: "extensions still use this class" } };
    this.db.delete(dialPermissions).where(eq(dialPermissions.id, id)).run();
    return { ok: true, value: true };
  }

  /** The fuse limits of an extension: its own, else the default ("*"), else none. */
  fuseLimits(extension: string): FuseLimits {
    const row =
      this.db.select().from(tollFuses).where(eq(tollFuses.extension, extension)).get() ??
      this.db.select().from(tollFuses).where(eq(tollFuses.extension, "*")).get();
    return row
      ? {
          maxConcurrent: row.maxConcurrent,
          maxPerHour: row.maxPerHour,
          international: row.international,
        }
      : NO_LIMITS;
  }

  /** Every stored fuse ("*" is the default for extensions without their own). */
  fuses(): (FuseLimits & { extension: string })[] {
    return this.db.select().from(tollFuses).orderBy(asc(tollFuses.extension)).all();
  }

  setFuse(extension: string, limits: FuseLimits): RouteResult<FuseLimits & { extension: string }> {
    if (extension !== "*" && !/^[0-9]{1,20}$/.test(extension))
      return invalid("extension", 'must be an extension number or "*"');
    for (const field of ["maxConcurrent", "maxPerHour"] as const)
      if (!Number.isInteger(limits[field]) || limits[field] < 0 || limits[field] > 10_000)
        return invalid(field, "must be 0 (no limit) to 10000");
    const row = { extension, ...limits };
    this.db
      .insert(tollFuses)
      .values(row)
      .onConflictDoUpdate({ target: tollFuses.extension, set: limits })
      .run();
    return { ok: true, value: row };
  }

  deleteFuse(extension: string): boolean {
    return (
      this.db.delete(tollFuses).where(eq(tollFuses.extension, extension)).returning().all().length >
      0
    );
  }

  #inUse(name: string): boolean {
    return (
      this.db
        .select({ n: extensions.number })
        .from(extensions)
        .where(eq(extensions.dialPermission, name))
        .get() !== undefined ||
      this.db
        .select({ n: analogExtensions.number })
        .from(analogExtensions)
        .where(eq(analogExtensions.dialPermission, name))
        .get() !== undefined
    );
  }

  #check(input: DialPermissionInput, id: number | undefined) {
    // Extensions name their class with the same rule (firmware/extensions/extension-validation.ts).
    if (!/^[a-z0-9-]{1,32}$/.test(input.name))
      return invalid("name", "must be 1-32 lower-case letters, digits or -");
    if (BUILTIN_CLASSES.some((c) => c.name === input.name)) return taken("name");
    const other = this.db
      .select({ id: dialPermissions.id })
      .from(dialPermissions)
      .where(eq(dialPermissions.name, input.name))
      .get();
    if (other && other.id !== id) return taken("name");
    if (!DIAL_LEVELS.includes(input.level))
      return invalid("level", `must be one of ${DIAL_LEVELS.join(", ")}`);
    for (const field of ["allow", "deny"] as const)
      for (const pattern of input[field]) {
        const compiled = compileDialPattern(pattern);
        if (!compiled.ok) return invalid(field, `${pattern} ${compiled.message}`);
      }
    return {
      ok: true as const,
      value: {
        name: input.name.trim(),
        level: input.level,
        allow: [...input.allow],
        deny: [...input.deny],
      },
    };
  }
}
