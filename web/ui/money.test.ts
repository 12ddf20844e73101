import { describe, expect, test } from "bun:test";
import { formatMoney, minutesOf, parseMoney, timeOfDay } from "./money.ts";

describe("money on the billing pages", () => {
  test("typed decimals become exact minor units and back", () => {
    expect(parseMoney("0.1", 2)).toBe(10);
    expect(parseMoney("50", 2)).toBe(5000);
    expect(parseMoney("0.29", 2)).toBe(29); // 0.29 * 100 is 28.999999999999996 in floats
    expect(parseMoney("1.005", 2)).toBeUndefined();
    expect(parseMoney("-1", 2)).toBeUndefined();
    expect(formatMoney(6050, 2)).toBe("60.50");
    expect(formatMoney(7, 0)).toBe("7");
    expect(timeOfDay(425)).toBe("07:05");
    expect(minutesOf("22:30")).toBe(1350);
    expect(minutesOf("24:00")).toBeUndefined();
  });
});
