// /api/v1/analog-extensions (SPEC EXT-5, CALL-7) over the real analog extension service and the
// real voicemail store: staff edit an FXS port's extension and its voicemail; the PIN is
// write-only and stored hashed; bad input names its field; other roles are refused.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { openTestDatabase } from "../../../firmware/db/test-database.ts";
import { AnalogExtensionService } from "../../../firmware/lines/analog-extension-service.ts";
import { analogMailboxes } from "../../../firmware/voicemail/analog-mailboxes.ts";
import { VoicemailStore } from "../../../firmware/voicemail/voicemail-store.ts";
import { tempDir } from "../../../test/support/temp-dir.ts";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let admin: string;
let store: VoicemailStore;
let closeDb: () => void;

beforeEach(async () => {
  t = await startTestApi();
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
  const open = openTestDatabase();
  closeDb = () => open.close();
  const rows = new AnalogExtensionService(open.db);
  rows.ensurePorts([1, 2]);
  store = new VoicemailStore(open.db, tempDir("analog-api-"));
  t.services.analogExtensions = analogMailboxes(rows, store);
});
afterEach(() => {
  t.close();
  closeDb();
});

const patch = (token: string, channel: number, body: unknown) =>
  t.call("PATCH", `/api/v1/analog-extensions/${channel}`, { token, body });

describe("/api/v1/analog-extensions voicemail", () => {
  test("an operator turns voicemail on with a PIN and an address; the PIN is never shown", async () => {
    const operator = await t.tokenFor("operator");
    const res = await patch(operator, 1, {
      voicemailEnabled: true,
      voicemailPin: "4321",
      email: "desk@example.com",
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      number: "8001",
      voicemailEnabled: true,
      email: "desk@example.com",
      voicemailPinSet: true,
    });
    const list = await (await t.call("GET", "/api/v1/analog-extensions", { token: admin })).text();
    expect(list).not.toContain("4321");
    expect(list).toContain('"voicemailPinSet":true');
    // Kept as a hash the mailbox checks (the analog extension has no PIN in clear).
    expect(store.checkPin("8001", "4321", "")).toBe(true);
    expect(store.checkPin("8001", "1111", "")).toBe(false);
  });

  test("bad input is a 400 naming the field; voicemail needs a PIN", async () => {
    const cases: [unknown, string][] = [
      [{ voicemailPin: "12" }, "voicemailPin"],
      [{ voicemailPin: "12ab" }, "voicemailPin"],
      [{ email: "not an address" }, "email"],
      [{ voicemailEnabled: "yes" }, "voicemailEnabled"],
      [{ voicemailEnabled: true }, "voicemailPin"],
    ];
    for (const [body, field] of cases) {
      const res = await patch(admin, 2, body);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe(field);
    }
    // Nothing of the refused changes was kept.
    const items = (
      (await (await t.call("GET", "/api/v1/analog-extensions", { token: admin })).json()) as {
        items: { channel: number; voicemailEnabled: boolean; voicemailPinSet: boolean }[];
      }
    ).items;
    expect(items.find((a) => a.channel === 2)).toMatchObject({
      voicemailEnabled: false,
      voicemailPinSet: false,
    });
    expect((await patch(admin, 9, { voicemailPin: "1234" })).status).toBe(404);
  });

  test("billing users and extension users are refused", async () => {
    const billing = await t.tokenFor("billing");
    expect((await t.call("GET", "/api/v1/analog-extensions", { token: billing })).status).toBe(403);
    expect((await patch(billing, 1, { voicemailPin: "1234" })).status).toBe(403);
    t.services.extensions.create({ number: "101", sipPassword: "ext-pw-101", webLogin: true });
    const ext = (await t.login("101", "ext-pw-101")).token;
    expect((await patch(ext, 1, { voicemailPin: "1234" })).status).toBe(403);
    expect((await t.call("GET", "/api/v1/analog-extensions")).status).toBe(401);
  });
});
