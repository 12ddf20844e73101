import { describe, expect, test } from "bun:test";
import { formatDestination, parseDestination } from "./destination.ts";

describe("destinations", () => {
  for (const text of [
    "hangup",
    "extension:101",
    "department:600",
    "voicemail:101",
    "ivr:2",
    "time-condition:13",
    "queue:800",
  ]) {
    test(`${text} round-trips`, () => {
      const parsed = parseDestination(text);
      expect(parsed.ok && formatDestination(parsed.value)).toBe(text);
    });
  }
  const bad: [string, string][] = [
    ["queue:", "queue needs a number"],
    ["conference:90", "conference is not available yet"],
    ["extension:", "extension needs a number"],
    ["ivr:0", "ivr needs an id"],
    [
      "pager:1",
      "must be hangup, extension:N, department:N, voicemail:N, queue:N, ivr:ID or time-condition:ID",
    ],
  ];
  for (const [text, message] of bad) {
    test(`${text}: ${message}`, () =>
      expect(parseDestination(text)).toEqual({ ok: false, message }));
  }
});
