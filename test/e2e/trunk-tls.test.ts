// End to end (SPEC ROUTE-1, STAT-3): two real boxes on 127.0.0.1. Box A registers a register
// trunk over TLS to box B's registrar (B's certificate is its own self-signed one, so A's trunk
// has "verify certificate" off); with verification on the same trunk is refused at the TLS
// handshake and shown unreachable at once; a TCP trunk toward a port where nothing listens is
// shown unreachable at once, long before the 32 s a lost REGISTER would take (Timer F).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { freePort } from "../support/free-port.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";

let a: RunningPbx;
let b: RunningPbx;
let tokenA: string;

beforeAll(async () => {
  [a, b] = await Promise.all([startPbx(), startPbx()]);
  tokenA = await a.adminToken();
  const tokenB = await b.adminToken();
  const ext = await b.api("/api/v1/extensions", {
    method: "POST",
    token: tokenB,
    body: JSON.stringify({ number: "401", sipPassword: "Tls-trunk-401" }),
  });
  expect(ext.status).toBe(201);
}, SETUP_BOUND_MS);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

interface TrunkStatus {
  state: string;
  reason?: string;
  expiresS?: number;
}

async function trunkStatus(name: string): Promise<TrunkStatus | undefined> {
  const res = await a.api("/api/v1/trunks", { token: tokenA });
  const { items } = (await res.json()) as { items: { name: string; status: TrunkStatus }[] };
  return items.find((t) => t.name === name)?.status;
}

/** Polls A's trunk list until `done`; returns the status and how long it took. */
async function waitForState(name: string, state: string, ms = 20_000) {
  const started = Date.now();
  let status = await trunkStatus(name);
  while (status?.state !== state && Date.now() - started < ms) {
    await Bun.sleep(100);
    status = await trunkStatus(name);
  }
  return { status, tookMs: Date.now() - started };
}

async function createTrunk(body: Record<string, unknown>): Promise<number> {
  const res = await a.api("/api/v1/trunks", {
    method: "POST",
    token: tokenA,
    body: JSON.stringify({ kind: "register", host: "127.0.0.1", registerExpiryS: 120, ...body }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

async function registeredAtB(): Promise<boolean> {
  const res = await b.api("/api/v1/registrations", { token: await b.adminToken() });
  const body = (await res.json()) as { items?: { extension: string }[] } | { extension: string }[];
  const items = Array.isArray(body) ? body : (body.items ?? []);
  return items.some((r) => r.extension === "401");
}

describe("register trunks over TLS and TCP between two boxes", () => {
  test("over TLS with verification off: registered at the second box", async () => {
    const id = await createTrunk({
      name: "Site B",
      port: b.ports.sipTls,
      transport: "TLS",
      verifyCertificate: false,
      username: "401",
      password: "Tls-trunk-401",
    });
    const { status } = await waitForState("Site B", "registered");
    expect(status).toMatchObject({ state: "registered", expiresS: 120 });
    expect(await registeredAtB()).toBe(true);
    const view = await a.api(`/api/v1/trunks/${id}`, { token: tokenA });
    expect(await view.json()).toMatchObject({ transport: "TLS", verifyCertificate: false });
    expect((await a.api(`/api/v1/trunks/${id}`, { method: "DELETE", token: tokenA })).status).toBe(
      204,
    );
  }, 40_000);

  test("over TLS with verification on: the self-signed certificate is refused at once", async () => {
    await createTrunk({
      name: "Site B checked",
      port: b.ports.sipTls,
      transport: "TLS",
      username: "401",
      password: "Tls-trunk-401",
    });
    const { status, tookMs } = await waitForState("Site B checked", "unreachable");
    expect(status?.state).toBe("unreachable");
    expect(status?.reason).toMatch(/^TLS: /);
    expect(tookMs).toBeLessThan(10_000);
  }, 40_000);

  test("over TCP to a port where nothing listens: unreachable at once", async () => {
    const nothing = await freePort();
    await createTrunk({
      name: "Refused",
      port: nothing,
      transport: "TCP",
      username: "401",
      password: "Tls-trunk-401",
    });
    const { status, tookMs } = await waitForState("Refused", "unreachable");
    expect(status).toMatchObject({ state: "unreachable", reason: "ECONNREFUSED" });
    // Timer F would have taken 32 s.
    expect(tookMs).toBeLessThan(10_000);
  }, 40_000);
});
