import { describe, expect, test } from "bun:test";
import {
  EXTENSION_PASSWORD_SYMBOLS,
  extensionPasswordProblem,
  generateExtensionPassword,
  generatePin,
  isRemoteGradePassword,
} from "./extension-password.ts";

describe("generateExtensionPassword", () => {
  test("draws 12 characters from letters, digits and - _ $ + ! @ # % . *, every class present", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const password = generateExtensionPassword();
      expect(password).toHaveLength(12);
      expect(password).toMatch(/^[A-Za-z0-9\-_$+!@#%.*]+$/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[-_$+!@#%.*]/);
      expect(isRemoteGradePassword(password)).toBe(true);
      expect(extensionPasswordProblem(password)).toBeUndefined();
      for (const c of password) seen.add(c);
    }
    // Every symbol of the manual's set shows up across 3,600 drawn characters.
    for (const symbol of EXTENSION_PASSWORD_SYMBOLS) expect(seen.has(symbol)).toBe(true);
  });

  test("gives different passwords each time", () => {
    const passwords = new Set(Array.from({ length: 100 }, () => generateExtensionPassword()));
    expect(passwords.size).toBe(100);
  });
});

describe("extension password rules", () => {
  test("refuses characters outside the manual's alphabet", () => {
    expect(extensionPasswordProblem("abc 123")).toContain("only letters, digits");
    expect(extensionPasswordProblem("abc&123")).toContain("only letters, digits");
    expect(extensionPasswordProblem("pässwort1")).toContain("only letters, digits");
    expect(extensionPasswordProblem("ab1")).toContain("at least 4");
    expect(extensionPasswordProblem("a-_$+!@#%.*1")).toBeUndefined();
  });

  test("a remote extension needs 6+ characters mixing letters, digits and symbols", () => {
    expect(isRemoteGradePassword("a1-b2")).toBe(false); // 5 characters
    expect(isRemoteGradePassword("abc123")).toBe(false); // no symbol
    expect(isRemoteGradePassword("abc-def")).toBe(false); // no digit
    expect(isRemoteGradePassword("123-456")).toBe(false); // no letter
    expect(isRemoteGradePassword("ab1&cd")).toBe(false); // & is not in the alphabet
    expect(isRemoteGradePassword("ab1-cd")).toBe(true);
    expect(isRemoteGradePassword("Zz9*Zz")).toBe(true);
  });

  test("generated PINs are digits of the asked length", () => {
    expect(generatePin()).toMatch(/^[0-9]{4}$/);
    expect(generatePin(6)).toMatch(/^[0-9]{6}$/);
  });
});
