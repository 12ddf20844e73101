// SIPp calling through the box to a SIPp registered as an extension (SPEC CALL-1): ring,
// answer, RTP both ways from SIPp's pcap, hang up; CANCEL before answer; busy; no answer
// after the ring time; codec mismatch; the caller over TCP and the callee over UDP; a callee
// behind NAT (Contact and SDP name a private address). Then the call records of all of them,
// through GET /api/v1/cdr and its CSV export.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { freePort } from "../support/free-port.ts";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";
import { sipp } from "../support/sipp.ts";

let pbx: RunningPbx;
let token: string;
const PASSWORD: Record<string, string> = { "101": "Call-101-pw", "102": "Call-102-pw" };

beforeAll(async () => {
  pbx = await startPbx();
  token = await pbx.adminToken();
  for (const number of ["101", "102"]) {
    const response = await pbx.api("/api/v1/extensions", {
      method: "POST",
      token,
      body: JSON.stringify({ number, sipPassword: PASSWORD[number], displayName: `Ext ${number}` }),
    });
    expect(response.status).toBe(201);
  }
}, 30_000);

afterAll(async () => {
  await pbx.stop();
});

/** Registers 102 from `port`, then runs `uas` there while 101 runs `uac` toward 102. */
async function call(options: {
  uas: string;
  uac: string;
  uacTransport?: "u1" | "t1";
  register?: string;
}) {
  const uasPort = await freePort();
  // Earlier tests' SIPp instances are gone: drop their contacts so 102 rings only this one.
  await sipp({
    scenario: "unregister.xml",
    target: pbx.ports.sip,
    service: "102",
    user: "102",
    password: PASSWORD["102"],
  });
  const registered = await sipp({
    scenario: options.register ?? "register.xml",
    target: pbx.ports.sip,
    service: "102",
    user: "102",
    password: PASSWORD["102"],
    extra: ["-p", String(uasPort)],
  });
  expect(registered.errors).toBe("");
  const uas = sipp({
    scenario: options.uas,
    target: pbx.ports.sip,
    service: "102",
    extra: ["-p", String(uasPort), "-mp", String(await freePort())],
    timeoutMs: 30_000,
  });
  await Bun.sleep(300);
  const uac = await sipp({
    scenario: options.uac,
    target: pbx.ports.sip,
    transport: options.uacTransport ?? "u1",
    service: "102",
    user: "101",
    password: PASSWORD["101"],
    // SIPp's default digest-uri is "sip:remote_ip:remote_port" (it adds "sip:" to -auth_uri);
    // a phone writes the Request-URI there (RFC 3261 §22.4), and the box refuses credentials
    // made for another URI.
    extra: [
      "-key",
      "caller",
      "101",
      "-mp",
      String(await freePort()),
      "-auth_uri",
      `102@127.0.0.1:${pbx.ports.sip}`,
    ],
    timeoutMs: 30_000,
  });
  return { uac, uas: await uas };
}

interface CdrItem {
  caller: string;
  callee: string;
  finalCallee: string;
  status: string;
  reason: string;
  sipStatus: number | null;
  talkMs: number;
  type: string;
}

async function lastRecord(): Promise<CdrItem> {
  const response = await pbx.api("/api/v1/cdr?limit=1", { token });
  return ((await response.json()) as { items: CdrItem[] }).items[0]!;
}

describe("SIPp through the box", () => {
  test("ring, answer, RTP, hang up", async () => {
    const { uac, uas } = await call({ uas: "call-uas.xml", uac: "call-uac.xml" });
    expect(uac.errors).toBe("");
    expect(uac.code).toBe(0);
    expect(uas.code).toBe(0);
    const record = await lastRecord();
    expect(record).toMatchObject({
      caller: "101",
      callee: "102",
      status: "answered",
      type: "internal",
    });
    expect(record.talkMs).toBeGreaterThan(900);
  }, 40_000);

  test("the caller over TCP, the callee over UDP", async () => {
    const { uac, uas } = await call({
      uas: "call-uas.xml",
      uac: "call-uac.xml",
      uacTransport: "t1",
    });
    expect(uac.errors).toBe("");
    expect(uac.code).toBe(0);
    expect(uas.code).toBe(0);
    expect((await lastRecord()).status).toBe("answered");
  }, 40_000);

  test("a callee behind NAT is reached where its packets come from", async () => {
    const { uac, uas } = await call({
      register: "call-register-nat.xml",
      uas: "call-uas-nat.xml",
      uac: "call-uac.xml",
    });
    expect(uac.errors).toBe("");
    expect(uac.code).toBe(0);
    expect(uas.code).toBe(0);
    expect((await lastRecord()).status).toBe("answered");
  }, 40_000);

  test("CANCEL before answer", async () => {
    const { uac, uas } = await call({ uas: "call-uas-ring.xml", uac: "call-uac-cancel.xml" });
    expect(uac.errors).toBe("");
    expect(uac.code).toBe(0);
    expect(uas.code).toBe(0);
    expect(await lastRecord()).toMatchObject({ status: "not-answered", reason: "cancelled" });
  }, 40_000);

  test("busy", async () => {
    const { uac, uas } = await call({ uas: "call-uas-busy.xml", uac: "call-uac-refused.xml" });
    expect(uac.code).toBe(0);
    expect(uas.code).toBe(0);
    expect(await lastRecord()).toMatchObject({
      status: "not-answered",
      reason: "busy",
      sipStatus: 486,
    });
  }, 40_000);

  test("no answer within the ring time", async () => {
    const set = await pbx.api("/api/v1/calls/settings", {
      method: "PATCH",
      token,
      body: JSON.stringify({ ringTimeoutS: 5 }),
    });
    expect(set.status).toBe(200);
    try {
      const { uac, uas } = await call({ uas: "call-uas-ring.xml", uac: "call-uac-refused.xml" });
      expect(uac.code).toBe(0);
      expect(uas.code).toBe(0);
      expect(await lastRecord()).toMatchObject({ reason: "no-answer", sipStatus: 480 });
    } finally {
      await pbx.api("/api/v1/calls/settings", {
        method: "PATCH",
        token,
        body: JSON.stringify({ ringTimeoutS: 60 }),
      });
    }
  }, 40_000);

  test("codec mismatch: 488, and the box keeps serving", async () => {
    const uac = await sipp({
      scenario: "call-uac-g729.xml",
      target: pbx.ports.sip,
      service: "102",
      user: "101",
      password: PASSWORD["101"],
      extra: [
        "-key",
        "caller",
        "101",
        "-mp",
        String(await freePort()),
        "-auth_uri",
        `102@127.0.0.1:${pbx.ports.sip}`,
      ],
    });
    expect(uac.code).toBe(0);
    const health = await pbx.api("/api/v1/health");
    expect(health.status).toBe(200);
  }, 40_000);

  test("the call records of these calls, searched and exported as CSV", async () => {
    const all = (await (await pbx.api("/api/v1/cdr", { token })).json()) as {
      items: CdrItem[];
      total: number;
    };
    expect(all.total).toBe(6);
    expect(all.items.filter((r) => r.status === "answered")).toHaveLength(3);
    const answered = (await (
      await pbx.api("/api/v1/cdr?status=answered&caller=101&type=internal", { token })
    ).json()) as { total: number };
    expect(answered.total).toBe(3);
    const csv = await pbx.api("/api/v1/cdr/export.csv", { token });
    expect(csv.headers.get("content-type")).toStartWith("text/csv");
    const lines = (await csv.text()).trimEnd().split("\r\n");
    expect(lines).toHaveLength(7);
    expect(lines[0]).toStartWith("start time,answer time,end time,caller,caller name,callee");
    expect(lines.filter((l) => l.includes(",101,Ext 101,102,102,"))).toHaveLength(6);
    expect(lines.filter((l) => l.endsWith(",internal,answered,no"))).toHaveLength(3);
  });
});
