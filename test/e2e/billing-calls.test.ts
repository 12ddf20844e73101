// SPEC BILL-2, BILL-8 end to end: the real box bills outbound calls through a peer trunk to a
// SIPp carrier on 127.0.0.2. Extension 301 is prepaid with 3.00 and calls cost 0.01 per
// started second, so its money pays 300 s of talk in all. 30 calls at once from 301 (SIPp,
// digest on every INVITE) talk until the box cuts them: the money charged never exceeds the
// balance, each call is settled once, and the records say why the calls ended. With nothing
// left, the next call is refused with 403; a locked extension cannot call out at all. A box
// killed mid-call (a power cut) settles the open charge at its next start and records the call.

import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { boxApi, until } from "../support/box-api.ts";
import { freePort } from "../support/free-port.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { requirePeer, run } from "../support/peers.ts";
import { sipp } from "../support/sipp.ts";
import { tempDir } from "../support/temp-dir.ts";

const SCENARIOS = join(import.meta.dir, "..", "interop", "sipp");
const CALLS = 30;
const BALANCE_MINOR = 300;
/** What 301 dials: the outbound prefix 9 and a carrier number. */
const DIALLED = "913800138000";

let box: RunningPbx;
let api: ReturnType<typeof boxApi>;
let carrierPort: number;
/** The admin's password from the first boot: a restarted box keeps it. */
let adminPassword: string;
const dataDir = tempDir("billing-calls-");

beforeAll(async () => {
  box = await startPbx({ dataDir });
  adminPassword = box.adminPassword;
  api = boxApi(box, await box.adminToken());
  carrierPort = await freePort();
  const created = [
    await api("POST", "/extensions", { number: "301", sipPassword: "Bill-301-pass" }),
    await api("POST", "/trunks", {
      name: "Carrier",
      kind: "peer",
      host: "127.0.0.2",
      port: carrierPort,
      codecs: ["PCMA"],
    }),
    await api("POST", "/outbound-routes", {
      name: "Out",
      prefix: "9",
      patterns: ["X."],
      trunks: ["Carrier"],
    }),
    await api("POST", "/billing/rates", { prefix: "9", rateMinor: 1, periodS: 1 }),
  ];
  expect(created.map((r) => r.status)).toEqual([201, 201, 201, 201]);
  expect((await api("PATCH", "/billing/settings", { enabled: true })).status).toBe(200);
  const on = { extensions: ["301"], billingEnabled: true, paymentMethod: "prepaid" };
  expect((await api("PATCH", "/billing/extensions", on)).status).toBe(200);
  const topUp = { extensions: ["301"], amountMinor: BALANCE_MINOR };
  expect((await api("POST", "/billing/extensions/top-up", topUp)).status).toBe(200);
}, SETUP_BOUND_MS);

afterAll(async () => {
  await box?.stop();
}, 30_000);

/** A SIPp carrier answering `calls` calls on the trunk's port until their BYEs. */
function carrier(calls: number, timeoutS = 60) {
  return run(
    [
      requirePeer("sipp", "sip-tester"),
      "-sf",
      join(SCENARIOS, "billing-carrier-uas.xml"),
      "-i",
      "127.0.0.2",
      "-p",
      String(carrierPort),
      "-m",
      String(calls),
      "-timeout",
      `${timeoutS}s`,
      "-nostdin",
    ],
    { cwd: tempDir("billing-carrier-"), timeoutMs: (timeoutS + 10) * 1000 },
  );
}

/** 301 calling out `calls` times at once; each talks until the box ends it, or is refused. */
function callers(calls: number, timeoutMs = 60_000) {
  const injection = join(tempDir("billing-callers-"), "callers.csv");
  writeFileSync(
    injection,
    `SEQUENTIAL\n${"301;[authentication username=301 password=Bill-301-pass]\n".repeat(calls)}`,
  );
  return sipp({
    scenario: "billing-uac.xml",
    target: box.ports.sip,
    service: DIALLED,
    calls,
    rate: calls,
    extra: [
      ...["-inf", injection, "-l", String(calls), "-recv_timeout", "50000"],
      // The digest-uri must be the Request-URI (RFC 3261 §22.4).
      ...["-auth_uri", `${DIALLED}@127.0.0.1:${box.ports.sip}`],
    ],
    timeoutMs,
  });
}

const account = async () => (await api("GET", "/billing/extensions/301")).json;

/** The box's own record of charges and calls, read from its SQLite file. */
function ledger() {
  const db = new Database(join(dataDir, "pbx.db"), { readonly: true });
  try {
    const charges = db
      .query("SELECT call_id, state, charged_minor, talk_s FROM billing_charges")
      .all() as { call_id: string; state: string; charged_minor: number; talk_s: number }[];
    const records = db
      .query("SELECT call_id, reason, talk_ms FROM call_records WHERE callee = ?")
      .all(DIALLED) as { call_id: string; reason: string; talk_ms: number }[];
    return { charges, records };
  } finally {
    db.close();
  }
}

describe("billed calls through a trunk", () => {
  test("30 calls at once share 3.00: cut when it is spent, never more charged than paid", async () => {
    const far = carrier(CALLS);
    const placed = await callers(CALLS);
    const answered = await far;
    expect(placed.errors).toBe("");
    expect(placed.code).toBe(0);
    expect(answered.code).toBe(0);

    const after = await until(account, (a) => a.reservedMinor === 0);
    expect(after.balanceMinor).toBeGreaterThanOrEqual(0);
    const { charges, records } = ledger();
    expect(charges).toHaveLength(CALLS);
    expect(charges.every((c) => c.state === "settled")).toBe(true);
    const charged = charges.reduce((sum, c) => sum + c.charged_minor, 0);
    expect(charged).toBe(BALANCE_MINOR - after.balanceMinor);
    expect(charged).toBeLessThanOrEqual(BALANCE_MINOR);
    // The money paid for nearly all of it: calls were cut when it ran out, not before.
    expect(charged).toBeGreaterThan(BALANCE_MINOR - CALLS);
    // One record per call, each naming its charge's call, cut for want of money.
    expect(records.map((r) => r.call_id).sort()).toEqual(charges.map((c) => c.call_id).sort());
    expect(records.every((r) => r.reason === "insufficient-funds")).toBe(true);
    const talkS = records.reduce((sum, r) => sum + r.talk_ms, 0) / 1000;
    expect(talkS).toBeLessThanOrEqual(BALANCE_MINOR + CALLS);
  }, 90_000);

  test("with nothing left the call is refused with 403; a locked extension too", async () => {
    const refused = await callers(1, 20_000);
    expect(refused.code).toBe(0);
    // The prompt comes as early media (183 with SDP), then the refusal.
    expect(refused.stdout).toMatch(/183 <-+\s+1\s/);
    expect(refused.stdout).toMatch(/403 <-+\s+1\s/);
    const { charges } = ledger();
    expect(charges).toHaveLength(CALLS);

    const topUp = { extensions: ["301"], amountMinor: 100 };
    expect((await api("POST", "/billing/extensions/top-up", topUp)).status).toBe(200);
    const lock = { extensions: ["301"], locked: true };
    expect((await api("PATCH", "/billing/extensions", lock)).status).toBe(200);
    const locked = await callers(1, 20_000);
    expect(locked.code).toBe(0);
    expect(locked.stdout).toMatch(/403 <-+\s+1\s/);
    expect(ledger().charges).toHaveLength(CALLS);
    const records = ledger().records;
    expect(records.filter((r) => r.reason === "rejected").length).toBeGreaterThanOrEqual(2);
    const unlock = { extensions: ["301"], locked: false };
    expect((await api("PATCH", "/billing/extensions", unlock)).status).toBe(200);
  }, 60_000);

  test("a box killed mid-call settles the open charge at its next start", async () => {
    const before = (await account()).balanceMinor;
    // Both SIPp ends give up once the box is gone.
    const far = carrier(1, 10);
    const placing = callers(1, 30_000);
    await until(account, (a) => a.reservedMinor > 1, 20_000);
    process.kill(box.pid, "SIGKILL");
    await box.stop().catch(() => undefined);
    await Promise.all([placing, far]);
    const open = ledger().charges.filter((c) => c.state === "open");
    expect(open).toHaveLength(1);

    box = await startPbx({ dataDir });
    const login = await box.api("/api/v1/auth/login", {
      method: "POST",
      body: JSON.stringify({ username: "admin", password: adminPassword }),
    });
    api = boxApi(box, ((await login.json()) as { token: string }).token);
    const after = await account();
    expect(after.reservedMinor).toBe(0);
    const closed = ledger().charges.find((c) => c.call_id === open[0]!.call_id)!;
    expect(closed.state).toBe("settled");
    expect(after.balanceMinor).toBe(before - closed.charged_minor);
    expect(closed.charged_minor).toBeGreaterThan(1);
    // The killed box never wrote the call's record: the next start does, with the time charged.
    const records = await api("GET", "/cdr?type=outbound&limit=100");
    const cut = records.json.items.find((r: { callId: string }) => r.callId === open[0]!.call_id);
    expect(cut).toMatchObject({ caller: "301", status: "answered", reason: "interrupted" });
    expect(cut.talkMs).toBeGreaterThan(0);
  }, 90_000);
});
