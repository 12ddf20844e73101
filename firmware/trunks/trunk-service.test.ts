import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { OpenDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { TrunkService } from "./trunk-service.ts";

let db: OpenDatabase;
let trunks: TrunkService;
beforeEach(() => {
  db = openTestDatabase();
  trunks = new TrunkService(db.db);
});
afterEach(() => db.close());

const PROVIDER = {
  name: "ChinaTel",
  kind: "register" as const,
  host: "sip.provider.example",
  username: "02188880000",
  password: "s3cret-Pw",
};

describe("TrunkService", () => {
  test("a register trunk is stored with its defaults; the password is never in a view", () => {
    const created = trunks.create(PROVIDER);
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value).toMatchObject({
      name: "ChinaTel",
      port: 5060,
      transport: "UDP",
      verifyCertificate: true,
      codecs: ["PCMU", "PCMA", "G722"],
      hasPassword: true,
      maxCalls: 0,
    });
    expect(JSON.stringify(trunks.list())).not.toContain("s3cret-Pw");
    expect(trunks.credentials(created.value.id)).toEqual({ password: "s3cret-Pw" });
    // A change without a password keeps the stored one.
    trunks.update(created.value.id, { maxCalls: 4 });
    expect(trunks.credentials(created.value.id)).toEqual({ password: "s3cret-Pw" });
  });

  test("a TLS trunk toward another box keeps certificate verification off until turned on", () => {
    const created = trunks.create({
      ...PROVIDER,
      transport: "TLS",
      port: 5061,
      verifyCertificate: false,
    });
    if (!created.ok) throw new Error(created.error.message);
    expect(trunks.get(created.value.id)).toMatchObject({
      transport: "TLS",
      verifyCertificate: false,
    });
    trunks.update(created.value.id, { verifyCertificate: true });
    expect(trunks.get(created.value.id)?.verifyCertificate).toBe(true);
  });

  const bad: [Record<string, unknown>, string][] = [
    [{ ...PROVIDER, name: "" }, "name"],
    [{ ...PROVIDER, host: "bad host!" }, "host"],
    [{ ...PROVIDER, port: 70000 }, "port"],
    [{ ...PROVIDER, transport: "SCTP" }, "transport"],
    [{ ...PROVIDER, codecs: ["PCMU", "AMR"] }, "codecs"],
    [{ ...PROVIDER, password: "" }, "password"],
    [{ ...PROVIDER, username: "" }, "username"],
    [{ ...PROVIDER, maxCalls: -1 }, "maxCalls"],
    [{ ...PROVIDER, dtmfMode: "sms" }, "dtmfMode"],
    [{ ...PROVIDER, verifyCertificate: "no" }, "verifyCertificate"],
    [{ name: "fxo", kind: "analog", fxoPorts: [] }, "fxoPorts"],
  ];
  for (const [input, field] of bad) {
    test(`refuses a bad ${field}`, () => {
      const result = trunks.create(input);
      expect(result.ok ? "accepted" : result.error.field).toBe(field);
    });
  }

  test("names are unique; an FXO port belongs to one analog trunk", () => {
    trunks.create(PROVIDER);
    const again = trunks.create(PROVIDER);
    expect(again.ok ? "" : again.error.code).toBe("taken");
    expect(trunks.create({ name: "Lines", kind: "analog", fxoPorts: [1, 2] }).ok).toBe(true);
    const overlap = trunks.create({ name: "Fax line", kind: "analog", fxoPorts: [2, 3] });
    expect(overlap.ok ? "" : overlap.error.message).toBe("a port is in trunk Lines");
  });

  test("matchPeer finds the enabled peer trunk by source address", () => {
    const peer = trunks.create({ name: "Branch", kind: "peer", host: "192.0.2.50" });
    trunks.create({ name: "Off", kind: "peer", host: "192.0.2.51", enabled: false });
    expect(trunks.matchPeer("192.0.2.50")?.id).toBe(peer.ok ? peer.value.id : -1);
    expect(trunks.matchPeer("192.0.2.51")).toBeUndefined();
    expect(trunks.matchPeer("192.0.2.99")).toBeUndefined();
  });

  test("two peers on one address (two boxes on one host): the source port tells them apart", () => {
    const first = trunks.create({ name: "Box C", kind: "peer", host: "127.0.0.1", port: 5080 });
    const second = trunks.create({ name: "Box A", kind: "peer", host: "127.0.0.1", port: 5070 });
    if (!first.ok || !second.ok) throw new Error("not created");
    expect(trunks.matchPeer("127.0.0.1", 5070)?.name).toBe("Box A");
    expect(trunks.matchPeer("127.0.0.1", 5080)?.name).toBe("Box C");
    // From another port (TCP, or a NAT that changed it): the first peer on the address.
    expect(trunks.matchPeer("127.0.0.1", 40000)?.name).toBe("Box C");
    // A disabled peer is never taken, even on its own port.
    trunks.update(second.value.id, { enabled: false });
    expect(trunks.matchPeer("127.0.0.1", 5070)?.name).toBe("Box C");
    expect(trunks.matchPeer("127.0.0.3", 5070)).toBeUndefined();
  });

  test("listeners hear of saves and deletes", () => {
    const changes: string[] = [];
    trunks.onChange((c) => changes.push(`${c.kind}:${c.id}`));
    const t = trunks.create(PROVIDER);
    const id = t.ok ? t.value.id : 0;
    trunks.update(id, { enabled: false });
    trunks.delete(id);
    expect(changes).toEqual([`saved:${id}`, `saved:${id}`, `deleted:${id}`]);
    expect(trunks.update(id, {}).ok).toBe(false);
  });
});
