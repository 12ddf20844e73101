import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { ADMIN_PASSWORD, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let op: string;
const BASE = "http://pbx.lan/api/v1/provisioning/files/";

beforeEach(async () => {
  t = await startTestApi();
  await t.login("admin", ADMIN_PASSWORD);
  op = await t.tokenFor("operator");
  t.services.extensions.create({ number: "100", sipPassword: "Sip-pw-100", displayName: "Lobby" });
  t.services.extensions.create({ number: "101", sipPassword: "Sip-pw-101" });
});
afterEach(() => t.close());

const env = { requestIP: () => ({ address: "192.0.2.50" }) };
const get = (file: string, userAgent: string, headers: Record<string, string> = {}) =>
  t.app.request(`${BASE}${file}`, { headers: { "User-Agent": userAgent, ...headers } }, env);

async function assign(mac: string, vendor: string, body: Record<string, unknown>) {
  expect(
    (await t.call("POST", "/api/v1/phones", { token: op, body: { mac, vendor } })).status,
  ).toBe(201);
  const res = await t.call("PUT", `/api/v1/phones/${mac}/assignment`, { token: op, body });
  expect(res.status).toBe(200);
}

describe("GET /api/v1/provisioning/files/{file}", () => {
  test("needs no login, serves only an assigned MAC, and only its vendor's names", async () => {
    const ua = "Yealink SIP-T46S 66.86.0.15 00:15:65:aa:bb:cc";
    expect((await get("001565aabbcc.cfg", ua)).status).toBe(404);
    await assign("001565aabbcc", "yealink", { lines: ["100"], blfKeys: [{ extension: "101" }] });
    const res = await get("001565aabbcc.cfg", ua);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("text/plain");
    const text = await res.text();
    expect(text).toContain("account.1.user_name = 100");
    expect(text).toContain("account.1.password = Sip-pw-100");
    expect(text).toContain("account.1.display_name = Lobby");
    expect(text).toContain("account.1.sip_server.1.address = 192.0.2.1");
    expect(text).toContain("linekey.2.value = 101");
    // The T46S's common file: the phone is the one in the User-Agent.
    expect((await get("y000000000066.cfg", ua)).status).toBe(200);
    expect(
      (await get("y000000000066.cfg", "Yealink SIP-T46S 66.86.0.15 00:15:65:00:00:01")).status,
    ).toBe(404);
    expect((await get("cfg001565aabbcc.xml", ua)).status).toBe(404);
    expect((await get("001565aabbcd.cfg", ua)).status).toBe(404);
    expect((await get("readme.txt", "curl/8")).status).toBe(404);
  });

  test("a fetch is logged with file, address and outcome, never a password", async () => {
    await assign("0c3800000000", "fanvil", {
      lines: ["100"],
      httpUser: "f",
      httpPassword: "Http-9",
    });
    await get("0c3800000000.cfg", "Fanvil X5U");
    await get("0c3800000001.cfg", "Fanvil X5U");
    const log = t.logged.join("\n");
    expect(log).toContain("phone file refused");
    expect(log).toContain("0c3800000001.cfg");
    expect(log).toContain("192.0.2.50");
    expect(log).not.toContain("Sip-pw-100");
    expect(log).not.toContain("Http-9");
  });

  test("HTTP digest: a challenge, a wrong answer refused, the right one served", async () => {
    await assign("c074ad112233", "grandstream", {
      lines: ["100"],
      httpUser: "gs",
      httpPassword: "Http-pw-1",
    });
    const ua = "Grandstream Model HW GXP2135 SW 1.0.7.97 DevId c074ad112233";
    const first = await get("cfgc074ad112233.xml", ua);
    expect(first.status).toBe(401);
    const challenge = first.headers.get("www-authenticate")!;
    expect(challenge).toContain('realm="pbx provisioning"');
    const answer = (password: string, uri = "/api/v1/provisioning/files/cfgc074ad112233.xml") =>
      digest(challenge, uri, "gs", password);
    expect((await get("cfgc074ad112233.xml", ua, { Authorization: answer("wrong") })).status).toBe(
      403,
    );
    // An answer made for another file does not open this one.
    const other = answer("Http-pw-1", "/api/v1/provisioning/files/cfgc074ad112299.xml");
    expect((await get("cfgc074ad112233.xml", ua, { Authorization: other })).status).toBe(403);
    const ok = await get("cfgc074ad112233.xml", ua, { Authorization: answer("Http-pw-1") });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("<P34>Sip-pw-100</P34>");
  });

  test("PROV-1: a quick code gets its extension's file while PnP is off; guesses are limited", async () => {
    const code = t.services.extensions.get("100")!.quickCode!;
    expect(code).toMatch(/^[0-9]{3}$/);
    await t.call("PATCH", "/api/v1/provisioning/settings", { token: op, body: { pnp: true } });
    expect((await get(`quick-${code}.cfg`, "H81 first boot")).status).toBe(403);
    await t.call("PATCH", "/api/v1/provisioning/settings", { token: op, body: { pnp: false } });
    const res = await get(`quick-${code}.cfg`, "H81 first boot");
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain("account.1.user_name = 100");
    expect(text).toContain("account.1.password = Sip-pw-100");
    expect(text).toContain("account.1.sip_server.1.address = 192.0.2.1");
    expect(text).toContain("ldap.base = dc=pbx");
    expect(t.logged.join("\n")).not.toContain(`quick-${code}`);
    const used = new Set([
      code,
      t.services.extensions.get("100")!.quickCode,
      t.services.extensions.get("101")!.quickCode,
    ]);
    const wrong = ["100", "101", "102", "103", "104", "105", "106", "107"].filter(
      (c) => !used.has(c),
    );
    const statuses: number[] = [];
    for (const guess of wrong.slice(0, 6))
      statuses.push((await get(`quick-${guess}.cfg`, "x")).status);
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(statuses[5]).toBe(429);
    // Even the right code waits now.
    expect((await get(`quick-${code}.cfg`, "x")).status).toBe(429);
  });

  test("PROV-1: a quick code serves one phone, which joins the claim list with its account", async () => {
    const code = t.services.extensions.get("100")!.quickCode!;
    const ua = "Zhike H83P 2.0.1.15 00:1f:c1:12:34:56";
    expect((await get(`quick-${code}.cfg`, ua)).status).toBe(200);
    const renewed = t.services.extensions.get("100")!.quickCode!;
    expect(renewed).toMatch(/^[0-9]{3}$/);
    expect(renewed).not.toBe(code);
    expect((await get(`quick-${code}.cfg`, ua)).status).toBe(404);
    const res = await t.call("GET", "/api/v1/phones", { token: op });
    const listed = ((await res.json()) as { items: Record<string, unknown>[] }).items;
    expect(listed.find((p) => p.mac === "001fc1123456")).toMatchObject({
      source: "quick-code",
      vendor: "box",
      model: "H83P",
      lines: ["100"],
      assigned: true,
      assignedBy: "quick code (100)",
    });
    // The phone, now listed, gets its own file by MAC as any assigned phone does.
    const own = await get("001fc1123456.cfg", ua);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain("Sip-pw-100");
  });

  test("wrong HTTP credentials are counted like failed logins (429 after five)", async () => {
    await assign("c074ad112244", "grandstream", {
      lines: ["100"],
      httpUser: "gs",
      httpPassword: "Http-pw-2",
    });
    const ua = "Grandstream GXP2135";
    const challenge = (await get("cfgc074ad112244.xml", ua)).headers.get("www-authenticate")!;
    const uri = "/api/v1/provisioning/files/cfgc074ad112244.xml";
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (
          await get("cfgc074ad112244.xml", ua, {
            Authorization: digest(challenge, uri, "gs", `no-${i}`),
          })
        ).status,
      );
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429]);
  });

  test("an extension deleted after the assignment drops out of the file, with its BLF keys", async () => {
    t.services.extensions.create({ number: "102", sipPassword: "Sip-pw-102" });
    await assign("001565aabbdd", "yealink", {
      lines: ["102", "100"],
      blfKeys: [{ extension: "101", line: 2 }, { extension: "102" }],
    });
    expect(t.services.extensions.delete("102")).toBeTruthy();
    const text = await (await get("001565aabbdd.cfg", "Yealink SIP-T46S 66.86.0.15")).text();
    expect(text).toContain("account.1.user_name = 100");
    expect(text).not.toContain("account.2.");
    expect(text).not.toContain("= 102");
    // The key that watched through line 2 has no line 2 any more either.
    expect(text).not.toContain("linekey.2.type = 16");
  });
});

function digest(challenge: string, uri: string, user: string, password: string): string {
  const param = (name: string) => new RegExp(`${name}="?([^",]+)"?`).exec(challenge)?.[1] ?? "";
  const md5 = (s: string) => createHash("md5").update(s).digest("hex");
  const ha1 = md5(`${user}:${param("realm")}:${password}`);
  const response = md5(`${ha1}:${param("nonce")}:00000001:abc:auth:${md5(`GET:${uri}`)}`);
  return `Digest username="${user}", realm="${param("realm")}", nonce="${param("nonce")}", uri="${uri}", qop=auth, nc=00000001, cnonce="abc", response="${response}", opaque="${param("opaque")}", algorithm=MD5`;
}
