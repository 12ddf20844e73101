// Phones registering through real SIP peers (SIPp): digest over UDP and TCP, a wrong
// password refused, the ban after repeated failures and lifting it, and un-REGISTER; each
// checked where an admin would look: GET /api/v1/registrations and /api/v1/bans.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";
import { sipp } from "../support/sipp.ts";

let pbx: RunningPbx;
let token: string;

interface Registration {
  extension: string;
  contact: string;
  transport: string;
  userAgent: string;
  expiresAtMs: number;
}

async function registrations(): Promise<Registration[]> {
  const response = await pbx.api("/api/v1/registrations", { token });
  return ((await response.json()) as { items: Registration[] }).items;
}

beforeAll(async () => {
  pbx = await startPbx();
  token = await pbx.adminToken();
  for (const [number, sipPassword] of [
    ["101", "Secret-101x"],
    ["102", "Secret-102y"],
    ["103", "Secret-103z"],
  ]) {
    const response = await pbx.api("/api/v1/extensions", {
      method: "POST",
      token,
      body: JSON.stringify({ number, sipPassword }),
    });
    expect(response.status).toBe(201);
  }
});

afterAll(async () => {
  await pbx.stop();
});

describe("SIPp registers with digest authentication", () => {
  test("over UDP", async () => {
    const result = await sipp({
      scenario: "register.xml",
      target: pbx.ports.sip,
      service: "101",
      user: "101",
      password: "Secret-101x",
    });
    expect(result.errors).toBe("");
    expect(result.code).toBe(0);
    const found = (await registrations()).find((r) => r.extension === "101");
    expect(found?.transport).toBe("UDP");
    expect(found?.userAgent).toBe("SIPp");
    // The box grants at most the extension's registration expiry (120 s by default).
    expect(found!.expiresAtMs - Date.now()).toBeGreaterThan(100_000);
    expect(found!.expiresAtMs - Date.now()).toBeLessThanOrEqual(121_000);
  });

  test("over TCP", async () => {
    const result = await sipp({
      scenario: "register.xml",
      target: pbx.ports.sip,
      transport: "t1",
      service: "102",
      user: "102",
      password: "Secret-102y",
    });
    expect(result.code).toBe(0);
    expect((await registrations()).find((r) => r.extension === "102")?.transport).toBe("TCP");
  });

  test("a wrong password is refused with 403 and registers nothing", async () => {
    const result = await sipp({
      scenario: "register-refused.xml",
      target: pbx.ports.sip,
      service: "103",
      user: "103",
      password: "wrong-password",
    });
    expect(result.code).toBe(0);
    expect((await registrations()).some((r) => r.extension === "103")).toBe(false);
  });

  test("un-REGISTER with Contact: * removes the binding", async () => {
    const result = await sipp({
      scenario: "unregister.xml",
      target: pbx.ports.sip,
      service: "101",
      user: "101",
      password: "Secret-101x",
    });
    expect(result.code).toBe(0);
    expect((await registrations()).some((r) => r.extension === "101")).toBe(false);
  });
});

describe("repeated failures ban the address", () => {
  test("five failures ban it; the admin sees and lifts the ban", async () => {
    // A success clears the count (the un-REGISTER above), so five fresh failures are needed.
    for (let i = 0; i < 4; i++) {
      await sipp({
        scenario: "register-refused.xml",
        target: pbx.ports.sip,
        service: "103",
        user: "103",
        password: `bad-${i}`,
      });
    }
    const early = (await (await pbx.api("/api/v1/bans", { token })).json()) as { items: unknown[] };
    expect(early.items).toEqual([]);
    for (let i = 4; i < 5; i++) {
      await sipp({
        scenario: "register-refused.xml",
        target: pbx.ports.sip,
        service: "103",
        user: "103",
        password: `bad-${i}`,
      });
    }
    const bans = (await (await pbx.api("/api/v1/bans", { token })).json()) as {
      items: { address: string }[];
    };
    expect(bans.items.map((b) => b.address)).toContain("127.0.0.1");

    // While banned the box does not answer at all, even the right password.
    const banned = await sipp({
      scenario: "register.xml",
      target: pbx.ports.sip,
      service: "101",
      user: "101",
      password: "Secret-101x",
      extra: ["-recv_timeout", "2000"],
    });
    expect(banned.code).not.toBe(0);

    const lift = await pbx.api("/api/v1/bans/127.0.0.1", { method: "DELETE", token });
    expect(lift.status).toBeLessThan(300);
    const again = await sipp({
      scenario: "register.xml",
      target: pbx.ports.sip,
      service: "101",
      user: "101",
      password: "Secret-101x",
    });
    expect(again.code).toBe(0);
  });
});
