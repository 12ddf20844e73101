import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, START_MS, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let admin: string;
beforeEach(async () => {
  t = await startTestApi();
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
  t.registrations.push(
    {
      extension: "100",
      contact: "sip:100@192.0.2.20:5062",
      source: "192.0.2.20:5062",
      transport: "udp",
      userAgent: "Yealink SIP-T46S",
      expiresAtMs: START_MS + 120_000,
    },
    {
      extension: "101",
      contact: "sip:101@192.0.2.21:5060",
      source: "192.0.2.21:5060",
      transport: "tcp",
      userAgent: "Grandstream GXP2170",
      expiresAtMs: START_MS + 60_000,
    },
  );
  t.bans.push({
    address: "203.0.113.9",
    reason: "failed authentication",
    failures: 20,
    bannedAtMs: START_MS,
    expiresAtMs: null,
  });
});
afterEach(() => t.close());

describe("/api/v1/registrations and /api/v1/bans", () => {
  test("admins and operators list registrations, optionally of one extension", async () => {
    const op = await t.tokenFor("operator");
    const all = (await (await t.call("GET", "/api/v1/registrations", { token: op })).json()) as {
      items: { extension: string }[];
    };
    expect(all.items.map((r) => r.extension)).toEqual(["100", "101"]);
    const one = (await (
      await t.call("GET", "/api/v1/registrations?extension=101", { token: admin })
    ).json()) as { items: { userAgent: string }[] };
    expect(one.items.map((r) => r.userAgent)).toEqual(["Grandstream GXP2170"]);
    const billing = await t.tokenFor("billing");
    expect((await t.call("GET", "/api/v1/registrations", { token: billing })).status).toBe(403);
  });

  test("only admins see and lift bans", async () => {
    const op = await t.tokenFor("operator");
    expect((await t.call("GET", "/api/v1/bans", { token: op })).status).toBe(403);
    expect((await t.call("DELETE", "/api/v1/bans/203.0.113.9", { token: op })).status).toBe(403);
    const bans = (await (await t.call("GET", "/api/v1/bans", { token: admin })).json()) as {
      items: { address: string }[];
    };
    expect(bans.items.map((b) => b.address)).toEqual(["203.0.113.9"]);
    expect((await t.call("DELETE", "/api/v1/bans/203.0.113.9", { token: admin })).status).toBe(204);
    expect(t.bans).toEqual([]);
    expect((await t.call("DELETE", "/api/v1/bans/203.0.113.9", { token: admin })).status).toBe(404);
  });

  test("an IPv6 address in the path is decoded before unbanning", async () => {
    t.bans.push({
      address: "2001:db8::7",
      reason: "x",
      failures: 9,
      bannedAtMs: 0,
      expiresAtMs: 1,
    });
    const res = await t.call("DELETE", `/api/v1/bans/${encodeURIComponent("2001:db8::7")}`, {
      token: admin,
    });
    expect(res.status).toBe(204);
  });

  test("admins and operators see how many phones watch each extension; others do not", async () => {
    const op = await t.tokenFor("operator");
    const res = await t.call("GET", "/api/v1/watchers?extension=100", { token: op });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { items: unknown[] }).items).toEqual([
      { extension: "100", dialog: 3, presence: 0, messageSummary: 1 },
    ]);
    const none = await t.call("GET", "/api/v1/watchers?extension=101", { token: admin });
    expect(((await none.json()) as { items: unknown[] }).items).toEqual([]);
    const billing = await t.tokenFor("billing");
    expect((await t.call("GET", "/api/v1/watchers", { token: billing })).status).toBe(403);
  });
});
