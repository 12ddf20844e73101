// SPEC CALL, DESIGN "Signalling and calls": feature codes are a table the admin can edit,
// defaulting to the manual's codes. Only the admin's changes are stored (settings key
// "features.codes"), so a firmware that adds a code shows it with its factory value.

import type { NumberingCheck, TakenParams } from "../numbering/number-holder.ts";
import {
  AVAILABLE_FEATURE_CODES,
  DEFAULT_FEATURE_CODES,
  type FeatureCodeDefault,
} from "./default-feature-codes.ts";

/** Where overrides are kept: the box's key/value settings. */
export interface FeatureCodeSettings {
  get<T>(key: string, fallback: T): T;
  set(key: string, value: unknown): void;
}

export interface FeatureCode extends FeatureCodeDefault {
  defaultCode: string;
  enabled: boolean;
  /** The box answers this code today (AVAILABLE_FEATURE_CODES). */
  available: boolean;
}

type Overrides = Record<string, { code?: string; enabled?: boolean }>;

export type FeatureCodeResult =
  | { ok: true; value: FeatureCode }
  | {
      ok: false;
      error: {
        code: "invalid" | "not_found" | "taken";
        field?: string;
        message: string;
        params?: TakenParams;
      };
    };

const KEY = "features.codes";
const CODE_PATTERN = /^[*#][0-9*#]{0,7}$/;

export class FeatureCodeTable {
  constructor(
    private readonly settings: FeatureCodeSettings,
    /** Every number the box answers: a code may not be one of them, nor shadow one. */
    private readonly numbering?: NumberingCheck,
  ) {}

  /** Every code with the admin's changes applied, in the manual's order. */
  list(): FeatureCode[] {
    const overrides = this.settings.get<Overrides>(KEY, {});
    return DEFAULT_FEATURE_CODES.map((d) => ({
      ...d,
      defaultCode: d.code,
      code: overrides[d.id]?.code ?? d.code,
      enabled: overrides[d.id]?.enabled ?? true,
      available: AVAILABLE_FEATURE_CODES.has(d.id),
    }));
  }

  /** Changes one code's digits or turns it off; two enabled codes may not be equal. */
  update(id: string, patch: { code?: string; enabled?: boolean }): FeatureCodeResult {
    const all = this.list();
    const current = all.find((f) => f.id === id);
    if (!current)
      return { ok: false, error: { code: "not_found", message: "no such feature code" } };
    const next = { ...current, ...patch };
    // Before the format: "101 is extension 101" says more than "must start with *".
    const clash =
      next.enabled && !next.inCall
        ? this.numbering?.firstClash([next.code], {
            kind: "feature-code",
            prefix: next.takesArgument,
            self: { kind: "feature-code", number: current.code },
          })
        : undefined;
    if (clash) {
      const { message, params } = clash;
      return { ok: false, error: { code: "taken", field: "code", message, params } };
    }
    if (patch.code !== undefined && !CODE_PATTERN.test(patch.code)) {
      const message = "must start with * or # and hold at most 8 of 0-9 * #";
      return { ok: false, error: { code: "invalid", field: "code", message } };
    }
    const same = all.find((f) => f.id !== id && f.enabled && next.enabled && f.code === next.code);
    if (same) {
      const message = `is already used by ${same.id}`;
      const params = { holder: { kind: "feature-code", number: same.code, name: same.id } };
      return { ok: false, error: { code: "taken", field: "code", message, params } };
    }
    const overrides = this.settings.get<Overrides>(KEY, {});
    overrides[id] = {
      ...(next.code !== next.defaultCode ? { code: next.code } : {}),
      ...(next.enabled ? {} : { enabled: false }),
    };
    this.settings.set(KEY, overrides);
    return { ok: true, value: next };
  }
}
