import { describe, expect, test } from "bun:test";
import { DEFAULT_FEATURE_CODES } from "../../features/default-feature-codes.ts";
import { defaultRouteInterface } from "./default-route-address.ts";
import { dialledDigits, infoKindOf, infoPrompts, promptLanguage } from "./info-announcement.ts";

const codes = DEFAULT_FEATURE_CODES.map((c) => ({ ...c, enabled: true }));

describe("information codes", () => {
  test("**11, **12, **13 with or without # (escaped or not) are the three announcements", () => {
    expect(infoKindOf("**11%23", codes)).toBe("wan-ip");
    expect(infoKindOf("**12#", codes)).toBe("lan-ip");
    expect(infoKindOf("**13", codes)).toBe("extension");
    expect(infoKindOf("**14#", codes)).toBeUndefined();
    expect(infoKindOf("101", codes)).toBeUndefined();
    expect(dialledDigits("%E0%A4%A")).toBe("%E0%A4%A");
  });

  test("a code the admin changed or turned off follows the table", () => {
    const changed = codes.map((c) =>
      c.id === "announce-extension"
        ? { ...c, code: "*99" }
        : c.id === "announce-lan-ip"
          ? { ...c, enabled: false }
          : c,
    );
    expect(infoKindOf("**13#", changed)).toBeUndefined();
    expect(infoKindOf("*99#", changed)).toBe("extension");
    expect(infoKindOf("**12#", changed)).toBeUndefined();
  });

  test("what is said: an opening sentence, then the value digit by digit", () => {
    const facts = { extension: "8001", lanAddress: "192.168.1.20", wanAddress: undefined };
    expect(infoPrompts("extension", facts)).toEqual([
      "info/your-extension-is",
      "digits/8",
      "digits/0",
      "digits/0",
      "digits/1",
    ]);
    expect(infoPrompts("lan-ip", facts).slice(0, 5)).toEqual([
      "info/lan-ip-is",
      "digits/1",
      "digits/9",
      "digits/2",
      "dot",
    ]);
    expect(infoPrompts("wan-ip", facts)).toEqual(["info/wan-ip-is", "info/not-available"]);
    expect(promptLanguage("en")).toBe("en");
    expect(promptLanguage("en-US")).toBe("en");
    expect(promptLanguage("zh")).toBe("zh");
    expect(promptLanguage(undefined)).toBe("zh");
  });

  test("the default route's interface is read from a /proc/net/route table", () => {
    const table = [
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask",
      "eth1\t0001A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF",
      "eth0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000",
    ].join("\n");
    expect(defaultRouteInterface(table)).toBe("eth0");
    expect(defaultRouteInterface(table.split("\n").slice(0, 2).join("\n"))).toBeUndefined();
  });
});
