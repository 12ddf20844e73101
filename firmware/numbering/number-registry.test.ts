import { describe, expect, test } from "bun:test";
import { boxNumberProviders } from "./box-numbering.ts";
import { NumberRegistry } from "./number-registry.ts";

/** The box's numbers over plain lists the tests change as the admin would. */
function box() {
  const data = {
    extensions: [{ number: "101", displayName: "Reception" }],
    departments: [{ number: "600", name: "Sales" }],
    analog: [1, 2, 3, 4].map((channel) => ({
      channel,
      number: String(8000 + channel),
      name: `FXS ${channel}`,
      alias: "",
    })),
    featureCodes: [
      { id: "pickup-directed", code: "**", enabled: true, inCall: false, takesArgument: true },
      { id: "announce-wan-ip", code: "**11", enabled: true, inCall: false, takesArgument: false },
      { id: "forward-always", code: "*71", enabled: true, inCall: false, takesArgument: true },
      { id: "forward-busy", code: "*72", enabled: true, inCall: false, takesArgument: true },
      { id: "dnd-on", code: "*74", enabled: true, inCall: false, takesArgument: false },
      { id: "park", code: "*4", enabled: true, inCall: true, takesArgument: false },
      { id: "transfer-blind", code: "#", enabled: true, inCall: true, takesArgument: true },
    ],
    prefixes: ["9"],
  };
  const registry = new NumberRegistry();
  registry.register(
    ...boxNumberProviders({
      extensions: { numbers: () => data.extensions },
      departments: { list: () => data.departments },
      analog: { list: () => data.analog },
      featureCodes: { list: () => data.featureCodes },
      outboundPrefixes: () => data.prefixes,
    }),
  );
  return { data, registry };
}

describe("NumberRegistry", () => {
  test("names what holds a taken number", () => {
    const { registry } = box();
    const message = (n: string) => registry.firstClash([n], { kind: "extension" })?.message;
    expect(message("8001")).toBe("8001 is FXS port 1");
    expect(message("8004")).toBe("8004 is FXS port 4");
    expect(message("91")).toBe("91 is conference room 91");
    expect(message("90")).toBe("90 is conference room 90");
    expect(message("41")).toBe("41 is park slot 41");
    expect(message("49")).toBe("49 is park slot 49");
    expect(message("600")).toBe("600 is department Sales");
    expect(message("101")).toBe("extension 101 already exists");
    expect(message("9123")).toBe("9123 starts with the outbound prefix 9");
  });

  test("leaves free the numbers next to the held ones", () => {
    const { registry } = box();
    for (const n of ["40", "50", "89", "100", "102", "410", "8000", "8005", "800", "601", "81"])
      expect(registry.firstClash([n], { kind: "extension" })).toBeUndefined();
  });

  test("gives the holder as params the UI can put in its own words", () => {
    const { registry, data } = box();
    data.analog[0]!.alias = "Lobby";
    expect(registry.firstClash(["8001"])?.params).toEqual({
      holder: { kind: "analog", number: "8001", name: "Lobby" },
      match: "exact",
    });
    expect(registry.firstClash(["9123"])?.params).toEqual({
      holder: { kind: "outbound-prefix", number: "9", name: "" },
      match: "starts-with",
    });
  });

  test("names the first clash of a range, in the order given", () => {
    const { registry } = box();
    const range = Array.from({ length: 10 }, (_, i) => String(7995 + i));
    expect(registry.firstClash(range)).toMatchObject({
      number: "8001",
      holder: { kind: "analog", label: "FXS port 1" },
    });
  });

  test("reads the current data on each check: a new prefix, a deleted extension", () => {
    const { registry, data } = box();
    expect(registry.firstClash(["8123"])?.message).toBeUndefined();
    data.prefixes = ["9", "8"];
    expect(registry.firstClash(["8123"])?.message).toBe("8123 starts with the outbound prefix 8");
    data.extensions = [];
    expect(registry.firstClash(["101"])).toBeUndefined();
  });

  test("a new prefix may not cover a held number (shadowing either way)", () => {
    const { registry } = box();
    expect(registry.firstClash(["80"], { kind: "outbound-prefix", prefix: true })).toMatchObject({
      match: "prefix-of",
      message: "80 is the start of FXS port 1",
    });
  });

  test("the holder being edited keeps its own number", () => {
    const { registry } = box();
    const self = { kind: "department", number: "600" };
    expect(registry.firstClash(["600"], { kind: "department", self })).toBeUndefined();
    expect(registry.firstClash(["101"], { kind: "department", self })?.message).toBe(
      "extension 101 already exists",
    );
  });

  test("feature codes: an exact code may sit under a code with an argument, two argument codes may not nest", () => {
    const { registry } = box();
    const feature = (code: string, prefix: boolean) =>
      registry.firstClash([code], { kind: "feature-code", prefix })?.message;
    // The manual's own table: **11 beside **ext.
    expect(feature("**12", false)).toBeUndefined();
    // *7 + argument would swallow *71 + argument: which one is *71234#?
    expect(feature("*7", true)).toBe("*7 is the start of feature code *71 (forward-always)");
    expect(feature("*715", true)).toBe("*715 starts with feature code *71 (forward-always)");
    expect(feature("*74", false)).toBe("*74 is feature code *74 (dnd-on)");
    // Codes pressed during a call are not dialled numbers.
    expect(feature("*4", false)).toBeUndefined();
  });

  test("turned-off feature codes hold nothing", () => {
    const { registry, data } = box();
    data.featureCodes[2]!.enabled = false;
    expect(registry.firstClash(["*71"], { kind: "feature-code" })).toBeUndefined();
  });

  test("reports clashes already in the data, each pair once, but not the manual's own overlaps", () => {
    const { registry, data } = box();
    // The factory numbering is clean, though rooms 90-99 start with the prefix 9.
    expect(registry.clashes()).toEqual([]);
    data.extensions.push(
      { number: "8001", displayName: "" },
      { number: "95", displayName: "" },
      { number: "9123", displayName: "" },
    );
    expect(registry.clashes().map((c) => c.message)).toEqual([
      "8001 is FXS port 1",
      "95 is conference room 95",
      "95 starts with the outbound prefix 9",
      "9123 starts with the outbound prefix 9",
    ]);
  });
});
