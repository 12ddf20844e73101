import { expect, test } from "bun:test";
import { displayMac, macFromFileName, macFromUserAgent, normalizeMac } from "./phone-mac.ts";

test("MACs are kept as 12 lower-case hex digits", () => {
  expect(normalizeMac("00:15:65:AA:BB:CC")).toBe("001565aabbcc");
  expect(normalizeMac("00-15-65-aa-bb-cc")).toBe("001565aabbcc");
  expect(normalizeMac("001565aabbc")).toBeUndefined();
  expect(normalizeMac("00156Gaabbcc")).toBeUndefined();
  expect(displayMac("001565aabbcc")).toBe("00:15:65:aa:bb:cc");
});

test("the MAC of a file name is its last 12-hex run", () => {
  expect(macFromFileName("001565aabbcc.cfg")).toBe("001565aabbcc");
  expect(macFromFileName("cfg000B828AA872.xml")).toBe("000b828aa872");
  expect(macFromFileName("spa000e08aabbcc.xml")).toBe("000e08aabbcc");
  expect(macFromFileName("snom720-00135E874B49.htm")).toBe("00135e874b49");
  expect(macFromFileName("y000000000066.cfg")).toBe("000000000066");
  expect(macFromFileName("001565aabb.cfg")).toBeUndefined();
  expect(macFromFileName("phone.cfg")).toBeUndefined();
});

test("the MAC of each vendor's User-Agent", () => {
  expect(macFromUserAgent("Yealink SIP-T46S 66.86.0.15 00:15:65:aa:bb:cc")).toBe("001565aabbcc");
  expect(macFromUserAgent("Yealink SIP-T54W 96.86.0.100 001565aabbcc")).toBe("001565aabbcc");
  expect(macFromUserAgent("Grandstream Model HW GXP2135 SW 1.0.7.97 DevId 000b828aa872")).toBe(
    "000b828aa872",
  );
  expect(macFromUserAgent("Htek UC926 2.0.4.2 00:1f:c1:00:00:00")).toBe("001fc1000000");
  expect(macFromUserAgent("Cisco/SPA504G-7.5.5 (000E08AABBCC)(CBT1234)")).toBe("000e08aabbcc");
  expect(macFromUserAgent("Mozilla/5.0 (X11; Linux x86_64)")).toBeUndefined();
});
