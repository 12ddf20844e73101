import { describe, expect, test } from "bun:test";
import { formatMoney, isCurrency, minorDigits, parseMoney } from "./money.ts";

describe("money as integer minor units", () => {
  test("decimal text converts exactly, both ways", () => {
    expect(parseMoney("0.1", 2)).toBe(10);
    expect(parseMoney("12.34", 2)).toBe(1234);
    expect(parseMoney("100", 2)).toBe(10000);
    expect(parseMoney("-1.5", 2)).toBe(-150);
    expect(parseMoney("1.234", 2)).toBeUndefined();
    expect(parseMoney("1e3", 2)).toBeUndefined();
    expect(parseMoney("5", 0)).toBe(5);
    expect(formatMoney(10, 2)).toBe("0.10");
    expect(formatMoney(-150, 2)).toBe("-1.50");
    expect(formatMoney(5, 0)).toBe("5");
    for (let minor = -300; minor < 3000; minor += 7)
      expect(parseMoney(formatMoney(minor, 2), 2)).toBe(minor);
  });

  test("currencies and their decimals come from ISO 4217", () => {
    expect(minorDigits("CNY")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
    expect(isCurrency("USD")).toBe(true);
    expect(isCurrency("usd")).toBe(false);
    expect(isCurrency("XYZ1")).toBe(false);
    expect(isCurrency("ABC")).toBe(false);
  });
});
