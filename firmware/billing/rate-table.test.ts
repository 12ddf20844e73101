import { describe, expect, test } from "bun:test";
import { a2billingPrefixes, a2billingRules, ruleOf } from "./rate-rule.fixture.ts";
import type { RateRule } from "./rate-rule.ts";
import { compileRateTable, rate } from "./rate-table.ts";

const NOON = 12 * 60;
const at = (number: string, extension = "101", minuteOfDay = NOON) => ({
  number,
  extension,
  minuteOfDay,
});

describe("rate (BILL-4, BILL-8 decisions)", () => {
  test("the manual's two rules behind prefix 9: local (9 digits) and mobile (12 digits)", () => {
    const local = ruleOf({ remark: "local", prefix: "9", numberLength: 9 });
    const mobile = ruleOf({ remark: "mobile", prefix: "9", numberLength: 12 });
    const any = ruleOf({ remark: "any", prefix: "9", numberLength: 0 });
    const table = compileRateTable([any, local, mobile]);
    expect(rate(at("963123456"), table).rule?.remark).toBe("local");
    expect(rate(at("913812345678"), table).rule?.remark).toBe("mobile");
    // Neither length: the length-0 rule.
    expect(rate(at("9110"), table).rule?.remark).toBe("any");
    const decision = rate(at("963123456"), table);
    expect(Object.fromEntries(decision.rejected.map((r) => [r.rule.remark, r.reason]))).toEqual({
      any: "exact-length",
      mobile: "length",
    });
  });

  test("the longest prefix wins over an exact length with a shorter prefix", () => {
    const national = ruleOf({ remark: "national", prefix: "90", numberLength: 12 });
    const beijing = ruleOf({ remark: "beijing", prefix: "9010" });
    const table = compileRateTable([national, beijing]);
    const d = rate(at("901012345678"), table);
    expect(d.rule?.remark).toBe("beijing");
    expect(d.rejected).toEqual([{ rule: national, reason: "longer-prefix" }]);
  });

  test("disabled, outside its hours, or not for this extension: the next rule rates", () => {
    const off = ruleOf({ remark: "off", prefix: "900", enabled: false });
    const night = ruleOf({ remark: "night", prefix: "90", activeFromMin: 1320, activeToMin: 360 });
    const sales = ruleOf({ remark: "sales", prefix: "9", extensions: ["201", "202"] });
    const base = ruleOf({ remark: "base", prefix: "" });
    const table = compileRateTable([off, night, sales, base]);
    const d = rate(at("90012345", "101"), table);
    expect(d.rule?.remark).toBe("base");
    expect(Object.fromEntries(d.rejected.map((r) => [r.rule.remark, r.reason]))).toEqual({
      off: "disabled",
      night: "outside-hours",
      sales: "extension",
    });
    expect(rate(at("90012345", "201"), table).rule?.remark).toBe("sales");
    expect(rate(at("90012345", "101", 23 * 60), table).rule?.remark).toBe("night");
  });

  test("an extension no rule selects is not charged", () => {
    const table = compileRateTable([ruleOf({ prefix: "9", extensions: ["201"] })]);
    const d = rate(at("912345"), table);
    expect(d.rule).toBeUndefined();
    expect(d.rejected[0]?.reason).toBe("extension");
    expect(rate(at("812345"), table)).toEqual({ rule: undefined, rejected: [], otherPrefixes: 1 });
  });

  test("two rules alike: the earlier one rates", () => {
    const a = ruleOf({ remark: "a", prefix: "9" });
    const b = ruleOf({ remark: "b", prefix: "9" });
    const d = rate(at("912"), compileRateTable([a, b]));
    expect(d.rule).toBe(a);
    expect(d.rejected).toEqual([{ rule: b, reason: "earlier-rule" }]);
  });
});

describe("the a2billing prefix table as rate rules", () => {
  const prefixes = a2billingPrefixes();
  const rules = a2billingRules();
  const table = compileRateTable(rules);

  test("all 4892 prefixes load and known numbers find their destination", () => {
    expect(prefixes.length).toBe(4892);
    const dest = (n: string) => rate(at(n), table).rule?.remark;
    expect(dest("8613812345678")).toBe("China Mobile");
    expect(dest("861012345678")).toBe("China");
    expect(dest("93701234567")).toBe("Afghanistan Mobile");
    expect(dest("93201234567")).toBe("Afghanistan");
    expect(dest("12125551234")).toBe("United States");
    expect(dest("14165551234")).toBe("Canada");
    expect(dest("0")).toBeUndefined();
  });

  test("the index agrees with a scan of every rule (longest matching prefix)", () => {
    let seed = 7;
    const digit = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return String(seed % 10);
    };
    const scan = (n: string): RateRule | undefined => {
      let best: RateRule | undefined;
      for (const r of rules)
        if (n.startsWith(r.prefix) && (!best || r.prefix.length > best.prefix.length)) best = r;
      return best;
    };
    for (let i = 0; i < 2000; i++) {
      // Half the numbers start with a real prefix, half are random digits.
      const start = i % 2 === 0 ? prefixes[(i * 7919) % prefixes.length]![0] : "";
      let n = start;
      while (n.length < 12) n += digit();
      expect(rate(at(n), table).rule).toBe(scan(n));
    }
  });
});
