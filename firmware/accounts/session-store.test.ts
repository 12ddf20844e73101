import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { OpenDatabase } from "../db/open-database.ts";
import { openDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { ExtensionService } from "../extensions/extension-service.ts";
import { AccountService } from "./account-service.ts";
import { csrfTokenFor, DEFAULT_IDLE_TIMEOUT_MS, SessionStore } from "./session-store.ts";

const HOUR_MS = 60 * 60 * 1000;
let open: OpenDatabase;
let nowMs: number;
const clock = { now: () => nowMs };
let store: SessionStore;
let accountId: number;

beforeEach(async () => {
  open = openTestDatabase();
  nowMs = Date.UTC(2025, 5, 1);
  store = new SessionStore(open.db, { clock });
  const accounts = new AccountService(open.db, { hashCost: { memoryCostKiB: 256, timeCost: 1 } });
  const created = await accounts.create({
    username: "op",
    password: "operator pw",
    role: "operator",
  });
  if (!created.ok) throw new Error(created.error.message);
  accountId = created.value.id;
});
afterEach(() => open.close());

describe("SessionStore", () => {
  test("issues a 32-byte base64url token stored only as its SHA-256", () => {
    const session = store.create({ kind: "account", accountId });
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.csrfToken).toBe(csrfTokenFor(session.token));
    const stored = open.sqlite.query("SELECT token_sha256 FROM sessions").all() as {
      token_sha256: string;
    }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_sha256).toBe(
      new Bun.CryptoHasher("sha256").update(session.token).digest("hex"),
    );
    expect(store.validate(session.token)?.principal).toEqual({
      kind: "account",
      accountId,
      username: "op",
      role: "operator",
    });
    expect(store.validate("not-a-token")).toBeUndefined();
  });

  test("expires after 8 idle hours, and use pushes the expiry forward", () => {
    const session = store.create({ kind: "account", accountId });
    nowMs += DEFAULT_IDLE_TIMEOUT_MS - HOUR_MS;
    expect(store.validate(session.token)).toBeDefined();
    nowMs += 2 * HOUR_MS; // 9 h after login, 2 h after last use
    expect(store.validate(session.token)).toBeDefined();
    nowMs += DEFAULT_IDLE_TIMEOUT_MS; // 8 h idle
    expect(store.validate(session.token)).toBeUndefined();
  });

  test("survives a restart: a new store on the reopened file accepts the token", () => {
    const session = store.create({ kind: "account", accountId });
    const path = open.sqlite.filename;
    const again = openDatabase(path);
    expect(new SessionStore(again.db, { clock }).validate(session.token)?.principal.role).toBe(
      "operator",
    );
    again.close();
  });

  test("logout revokes one session; purge drops expired ones", () => {
    const a = store.create({ kind: "account", accountId });
    const b = store.create({ kind: "account", accountId });
    expect(store.revoke(a.token)).toBe(true);
    expect(store.revoke(a.token)).toBe(false);
    expect(store.validate(a.token)).toBeUndefined();
    expect(store.validate(b.token)).toBeDefined();
    nowMs += DEFAULT_IDLE_TIMEOUT_MS + 1;
    expect(store.purgeExpired()).toBe(1);
  });

  test("an extension session ends when web login is turned off or the extension is deleted", () => {
    const extensions = new ExtensionService(open.db, { realm: "pbx" });
    extensions.create({ number: "100", webLogin: true });
    const session = store.create({ kind: "extension", number: "100" });
    expect(store.validate(session.token)?.principal).toEqual({
      kind: "extension",
      number: "100",
      role: "extension",
    });
    extensions.update("100", { webLogin: false });
    expect(store.validate(session.token)).toBeUndefined();
    extensions.update("100", { webLogin: true });
    expect(store.validate(session.token)).toBeDefined();
    extensions.delete("100");
    expect(
      open.sqlite.query("SELECT count(*) AS n FROM sessions WHERE extension_number = '100'").get(),
    ).toEqual({
      n: 0,
    });
    expect(store.revokeAll({ kind: "account", accountId })).toBe(0);
  });
});
