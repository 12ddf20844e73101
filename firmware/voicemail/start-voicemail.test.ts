import { describe, expect, test } from "bun:test";
import { tempDir } from "../../test/support/temp-dir.ts";
import type { Destination } from "../calls/routing/destination.ts";
import type { RoutedCall } from "../calls/routing/routing-hooks.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { DEFAULT_FEATURE_CODES } from "../features/default-feature-codes.ts";
import { MAILBOX_MENU_APP, startVoicemail } from "./start-voicemail.ts";

const owners: Record<string, { voicemailEnabled: boolean }> = {
  "101": { voicemailEnabled: true },
  "102": { voicemailEnabled: false },
};

function voicemail() {
  return startVoicemail({
    db: openTestDatabase().db,
    dir: tempDir("start-voicemail-"),
    clock: { now: () => 0, setTimer: () => ({ cancel() {} }) },
    events: { emit() {} },
    owner: (n) => owners[n] && { ...owners[n], voicemailPin: "1234", email: "", language: "" },
    language: () => undefined,
    clip: () => undefined,
    featureCodes: () => DEFAULT_FEATURE_CODES.map((c) => ({ ...c, enabled: true })),
    log() {},
  });
}

const extension = (number: string) =>
  ({ kind: "extension", number, extension: { number } }) as unknown as Destination;
const call = {} as RoutedCall;

describe("voicemail routing", () => {
  test("busy and no answer of an extension with voicemail on go to its mailbox, with the matching greeting", () => {
    const { hook } = voicemail();
    expect(hook.onOutcome?.(extension("101"), "busy", call)).toEqual({
      kind: "application",
      number: "101",
      app: "voicemail",
      argument: "busy:101",
    });
    expect(hook.onOutcome?.(extension("101"), "no-answer", call)).toMatchObject({
      argument: "unavailable:101",
    });
    expect(hook.onOutcome?.(extension("101"), "unavailable", call)).toMatchObject({
      argument: "unavailable:101",
    });
    expect(hook.onOutcome?.(extension("102"), "no-answer", call)).toBeUndefined();
    expect(hook.onOutcome?.(extension("555"), "no-answer", call)).toBeUndefined();
  });

  test("an analog extension (FXS handset) with voicemail on goes to its mailbox the same way", () => {
    const { hook } = voicemail();
    const analog = (number: string): Destination => ({ kind: "analog", number, port: 1 });
    expect(hook.onOutcome?.(analog("101"), "no-answer", call)).toEqual({
      kind: "application",
      number: "101",
      app: "voicemail",
      argument: "unavailable:101",
    });
    expect(hook.onOutcome?.(analog("101"), "busy", call)).toMatchObject({
      argument: "busy:101",
    });
    expect(hook.onOutcome?.(analog("102"), "no-answer", call)).toBeUndefined();
  });

  test("*60# and *61# open the menu (any mailbox, one's own); other numbers are not voicemail's", () => {
    const vm = voicemail();
    expect(vm.application("*60#")).toEqual({ app: MAILBOX_MENU_APP, argument: "main" });
    expect(vm.application("*61")).toEqual({ app: MAILBOX_MENU_APP, argument: "own" });
    expect(vm.application("*62#")).toBeUndefined();
    expect(vm.application("101")).toBeUndefined();
  });
});
