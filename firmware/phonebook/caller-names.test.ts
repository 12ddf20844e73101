import { describe, expect, test } from "bun:test";
import { callerNameOf, sameNumber } from "./caller-names.ts";

const contact = (
  name: string,
  owner: string | null,
  numbers: Partial<Record<"office" | "mobile" | "other", string>>,
) => ({
  name,
  owner,
  office: "",
  mobile: "",
  other: "",
  ...numbers,
});

describe("caller names from the phonebook", () => {
  const book = [
    contact("王总", null, { mobile: "138 0013 8000" }),
    contact("前台", null, { office: "010-8888 6666" }),
    contact("私人", "101", { mobile: "13900139000" }),
    contact("分机尾号", null, { other: "6666" }),
  ];

  test("a shared contact's number, written with spaces or dashes, names the caller", () => {
    expect(callerNameOf(book, "13800138000")).toBe("王总");
    expect(callerNameOf(book, "01088886666")).toBe("前台");
  });

  test("the caller's number with a country or trunk prefix still matches", () => {
    expect(callerNameOf(book, "+8613800138000")).toBe("王总");
    expect(callerNameOf(book, "013800138000")).toBe("王总");
    expect(callerNameOf(book, "88886666")).toBe("前台");
  });

  test("a short common tail is no match, but an exact short number is", () => {
    expect(callerNameOf(book, "16666")).toBeUndefined();
    expect(callerNameOf(book, "6666")).toBe("分机尾号");
    expect(sameNumber("6666", "16666")).toBe(false);
  });

  test("private contacts and unknown or hidden numbers give no name", () => {
    expect(callerNameOf(book, "13900139000")).toBeUndefined();
    expect(callerNameOf(book, "13700137000")).toBeUndefined();
    expect(callerNameOf(book, "")).toBeUndefined();
    expect(callerNameOf(book, "anonymous")).toBeUndefined();
  });
});
