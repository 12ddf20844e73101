// One contract for every BootEnv backend (STYLE 3): what fw_printenv/fw_setenv promise.
import { describe, expect, test } from "bun:test";
import type { BootEnv } from "./boot-env.ts";

export interface BootEnvHarness {
  readonly env: BootEnv;
  /** The same stored environment opened again, as after a reboot. */
  reopen(): BootEnv;
  readonly defaults: Record<string, string>;
}

export function bootEnvContract(backend: string, makeHarness: () => BootEnvHarness): void {
  describe(`BootEnv contract: ${backend}`, () => {
    test("a fresh environment reads as the defaults", () => {
      const h = makeHarness();
      expect(h.env.read()).toEqual(h.defaults);
    });

    test("several variables change in one write and survive a reopen", () => {
      const h = makeHarness();
      h.env.write({ boot_slot: "b", upgrade_available: "1", bootcount: "0" });
      const after = h.reopen().read();
      expect(after).toMatchObject({ boot_slot: "b", upgrade_available: "1", bootcount: "0" });
      for (const [name, value] of Object.entries(h.defaults))
        if (!["boot_slot", "upgrade_available", "bootcount"].includes(name))
          expect(after[name]).toBe(value);
    });

    test("null removes a variable; others stay", () => {
      const h = makeHarness();
      h.env.write({ extra: "1", other: "2" });
      h.env.write({ extra: null });
      const vars = h.reopen().read();
      expect(vars.extra).toBeUndefined();
      expect(vars.other).toBe("2");
    });

    test("a bad name is refused and nothing changes", () => {
      const h = makeHarness();
      h.env.write({ keep: "yes" });
      expect(() => h.env.write({ keep: "no", "a=b": "1" })).toThrow(
        "bad environment variable name",
      );
      expect(h.reopen().read().keep).toBe("yes");
    });
  });
}
