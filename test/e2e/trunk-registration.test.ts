// End to end (SPEC ROUTE-1, STAT-3): the real program registers a register-type trunk over
// UDP on 127.0.0.1, here to its own registrar as one of its extensions (the same exchange a
// provider or a second box would see), shows the trunk's live status in the API, removes the
// binding when the trunk is deleted, and reports a refused password with the registrar's answer.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";

let pbx: RunningPbx;
let token: string;

beforeAll(async () => {
  pbx = await startPbx();
  token = await pbx.adminToken();
  const ext = await pbx.api("/api/v1/extensions", {
    method: "POST",
    token,
    body: JSON.stringify({ number: "301", sipPassword: "Trunk-pw-301" }),
  });
  expect(ext.status).toBe(201);
}, 30_000);

afterAll(async () => {
  await pbx?.stop();
});

interface TrunkItem {
  id: number;
  name: string;
  status: { state: string; reason?: string };
}

async function trunkStatus(name: string): Promise<TrunkItem["status"] | undefined> {
  const res = await pbx.api("/api/v1/trunks", { token });
  const { items } = (await res.json()) as { items: TrunkItem[] };
  return items.find((t) => t.name === name)?.status;
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000) {
  const until = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await Bun.sleep(100);
    value = await read();
  }
  return value;
}

async function registeredFrom301(): Promise<boolean> {
  const res = await pbx.api("/api/v1/registrations", { token });
  const body = (await res.json()) as { items?: { extension: string }[] } | { extension: string }[];
  const items = Array.isArray(body) ? body : (body.items ?? []);
  return items.some((r) => r.extension === "301");
}

describe("a register trunk against a real registrar over UDP", () => {
  test("registers with digest, shows registered, and un-registers when deleted", async () => {
    const created = await pbx.api("/api/v1/trunks", {
      method: "POST",
      token,
      body: JSON.stringify({
        name: "Loopback",
        kind: "register",
        host: "127.0.0.1",
        port: pbx.ports.sip,
        transport: "UDP",
        username: "301",
        password: "Trunk-pw-301",
        registerExpiryS: 120,
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const status = await waitFor(
      () => trunkStatus("Loopback"),
      (s) => s?.state === "registered",
    );
    expect(status).toMatchObject({ state: "registered", expiresS: 120 });
    expect(await registeredFrom301()).toBe(true);

    expect((await pbx.api(`/api/v1/trunks/${id}`, { method: "DELETE", token })).status).toBe(204);
    expect(await waitFor(registeredFrom301, (r) => r === false)).toBe(false);
  }, 40_000);

  test("a wrong password is reported as failed with the registrar's answer", async () => {
    const created = await pbx.api("/api/v1/trunks", {
      method: "POST",
      token,
      body: JSON.stringify({
        name: "Wrong",
        kind: "register",
        host: "127.0.0.1",
        port: pbx.ports.sip,
        username: "301",
        password: "not-the-password",
      }),
    });
    expect(created.status).toBe(201);
    const status = await waitFor(
      () => trunkStatus("Wrong"),
      (s) => s?.state === "failed",
    );
    // The registrar answers a wrong password and an unknown extension alike (403 Forbidden).
    expect(status).toMatchObject({ state: "failed", reason: "403 Forbidden" });
  }, 40_000);
});
