// Analog extensions' mailboxes (SPEC CALL-7, issue 12) over the real analog extension service
// and voicemail store: the switch and the address on the analog row, the PIN only as the
// mailbox's hash (the one the *61# menu checks), turned on only with a PIN.
import { describe, expect, test } from "bun:test";
import { tempDir } from "../../test/support/temp-dir.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { AnalogExtensionService } from "../lines/analog-extension-service.ts";
import { analogMailboxes, analogMailboxOwner } from "./analog-mailboxes.ts";
import { VoicemailStore } from "./voicemail-store.ts";

function setup() {
  const open = openTestDatabase();
  const rows = new AnalogExtensionService(open.db);
  rows.ensurePorts([1, 2]);
  const store = new VoicemailStore(open.db, tempDir("analog-mailboxes-"));
  return { open, rows, store, boxes: analogMailboxes(rows, store) };
}

describe("analog mailboxes", () => {
  test("voicemail on with a PIN: the row says on, the PIN is only an argon2id hash", () => {
    const { open, rows, store, boxes } = setup();
    const done = boxes.update(1, {
      voicemailEnabled: true,
      voicemailPin: "4321",
      email: "desk@example.com",
      alias: "Front desk",
    });
    expect(done).toMatchObject({
      ok: true,
      value: { number: "8001", voicemailEnabled: true, voicemailPinSet: true, alias: "Front desk" },
    });
    expect(JSON.stringify(done)).not.toContain("4321");
    const hashes = open.sqlite
      .query("SELECT pin_hash FROM mailboxes WHERE extension = '8001'")
      .all() as { pin_hash: string }[];
    expect(hashes[0]?.pin_hash).toStartWith("$argon2id$");
    expect(
      JSON.stringify(open.sqlite.query("SELECT * FROM analog_extensions").all()),
    ).not.toContain("4321");
    // What the *61# menu checks: the analog owner has no PIN in clear, the hash opens.
    const owner = analogMailboxOwner(rows.byNumber("8001"));
    expect(owner).toEqual({
      voicemailEnabled: true,
      voicemailPin: "",
      email: "desk@example.com",
      language: "",
    });
    expect(store.checkPin("8001", "4321", owner!.voicemailPin)).toBe(true);
    expect(store.checkPin("8001", "0000", owner!.voicemailPin)).toBe(false);
    // A new PIN replaces the old one.
    expect(boxes.update(1, { voicemailPin: "13579" }).ok).toBe(true);
    expect(store.checkPin("8001", "4321", "")).toBe(false);
    expect(store.checkPin("8001", "13579", "")).toBe(true);
    // Another port's mailbox has no PIN: nothing opens it.
    expect(store.checkPin("8002", "", "")).toBe(false);
    expect(boxes.list().map((a) => a.voicemailPinSet)).toEqual([true, false]);
  });

  test("refusals name the field and change nothing", () => {
    const { rows, boxes } = setup();
    expect(boxes.update(2, { voicemailEnabled: true })).toMatchObject({
      ok: false,
      error: { code: "required", field: "voicemailPin" },
    });
    expect(boxes.update(2, { voicemailPin: "12" })).toMatchObject({
      ok: false,
      error: { field: "voicemailPin", message: "must be 4-8 digits" },
    });
    expect(boxes.update(2, { voicemailPin: "1234", email: "nobody" })).toMatchObject({
      ok: false,
      error: { field: "email" },
    });
    expect(boxes.list()[1]).toMatchObject({ voicemailEnabled: false, voicemailPinSet: false });
    expect(boxes.update(7, { voicemailPin: "1234" })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    // Once a PIN exists, voicemail goes on and off without one.
    expect(boxes.update(2, { voicemailPin: "2468" }).ok).toBe(true);
    expect(boxes.update(2, { voicemailEnabled: true }).ok).toBe(true);
    expect(boxes.update(2, { voicemailEnabled: false }).ok).toBe(true);
    expect(rows.get(2)?.voicemailEnabled).toBe(false);
  });

  test("the voicemail page changes an analog mailbox by number", () => {
    const { boxes } = setup();
    expect(
      boxes.updateByNumber("8002", { voicemailEnabled: true, email: "b@example.com" }),
    ).toMatchObject({
      ok: true,
      value: { channel: 2, voicemailEnabled: true, email: "b@example.com" },
    });
    expect(boxes.updateByNumber("101", { voicemailEnabled: true })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    expect(analogMailboxOwner(undefined)).toBeUndefined();
  });
});
