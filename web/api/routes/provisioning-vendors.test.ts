// Every vendor's file as its phone fetches it: the accounts land under that vendor's keys, the
// programmable keys (BLF and speed dials) under its key numbering, and no parameter is written
// twice with different meanings.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let op: string;
const BASE = "http://pbx.lan/api/v1/provisioning/files/";

beforeEach(async () => {
  t = await startTestApi();
  await t.login("admin", ADMIN_PASSWORD);
  op = await t.tokenFor("operator");
  for (let n = 100; n < 130; n++)
    t.services.extensions.create({ number: String(n), sipPassword: `Sip-pw-${n}` });
});
afterEach(() => t.close());

const env = { requestIP: () => ({ address: "192.0.2.50" }) };
async function fetchFile(file: string, userAgent: string): Promise<string> {
  const res = await t.app.request(`${BASE}${file}`, { headers: { "User-Agent": userAgent } }, env);
  expect(res.status).toBe(200);
  return res.text();
}

async function claim(mac: string, vendor: string, model = "") {
  const res = await t.call("POST", "/api/v1/phones", { token: op, body: { mac, vendor, model } });
  expect(res.status).toBe(201);
}
const assignment = (mac: string, body: Record<string, unknown>) =>
  t.call("PUT", `/api/v1/phones/${mac}/assignment`, { token: op, body });

/** The P-values of a Grandstream file, each with every value written for it. */
function pValues(xml: string): Map<number, string[]> {
  const values = new Map<number, string[]>();
  for (const m of xml.matchAll(/<P(\d+)>([^<]*)<\/P\1>/g)) {
    const n = Number(m[1]);
    values.set(n, [...(values.get(n) ?? []), m[2]!]);
  }
  return values;
}

describe("vendor files", () => {
  test("Grandstream: ten programmable keys, the 8th on in their own block, no P-value twice", async () => {
    await claim("000b828aa872", "grandstream", "GXP2135");
    const blfKeys = Array.from({ length: 8 }, (_, i) => ({
      extension: String(101 + i),
      label: `B${i + 1}`,
    }));
    const speedDials = [
      { number: "013800138000", label: "Mobile" },
      { number: "*97", label: "Mail" },
    ];
    expect((await assignment("000b828aa872", { lines: ["100"], blfKeys, speedDials })).status).toBe(
      200,
    );
    const p = pValues(await fetchFile("cfg000b828aa872.xml", "Grandstream Model HW GXP2135"));
    for (const [n, written] of p) expect({ n, count: written.length }).toEqual({ n, count: 1 });
    // Keys 1-7: modes P323-P329, values in threes from P301.
    expect(p.get(323)).toEqual(["1"]);
    expect(p.get(303)).toEqual(["101"]);
    expect(p.get(329)).toEqual(["1"]);
    expect(p.get(321)).toEqual(["107"]);
    expect(p.get(320)).toEqual(["B7"]);
    // Key 8 (a BLF key) and keys 9-10 (speed dials): mode, account, name, value from P353.
    expect([p.get(353), p.get(354), p.get(355), p.get(356)]).toEqual([
      ["1"],
      ["0"],
      ["B8"],
      ["108"],
    ]);
    expect([p.get(357), p.get(359), p.get(360)]).toEqual([["0"], ["Mobile"], ["013800138000"]]);
    expect([p.get(361), p.get(364)]).toEqual([["0"], ["*97"]]);
  });

  test("speed dials: after the BLF keys on Yealink, Snom, Fanvil and Cisco; checked on assignment", async () => {
    const keys = {
      lines: ["100"],
      blfKeys: [{ extension: "101" }],
      speedDials: [{ number: "*97", label: "Mail" }],
    };
    await claim("001565aabbcc", "yealink");
    expect((await assignment("001565aabbcc", keys)).status).toBe(200);
    const yealink = await fetchFile("001565aabbcc.cfg", "Yealink SIP-T46S");
    expect(yealink).toContain("linekey.2.type = 16\nlinekey.2.value = 101");
    expect(yealink).toContain("linekey.3.type = 13\nlinekey.3.value = *97");
    expect(yealink).toContain("linekey.3.label = Mail");
    await claim("000413aabbcc", "snom");
    expect((await assignment("000413aabbcc", keys)).status).toBe(200);
    const snom = await fetchFile("000413AABBCC.xml", "snom720");
    expect(snom).toContain('idx="1" context="1" label="Mail" perm="">speed *97</fkey>');
    await claim("0c3800000001", "fanvil");
    expect((await assignment("0c3800000001", keys)).status).toBe(200);
    expect(await fetchFile("0c3800000001.cfg", "Fanvil X5U")).toContain("<Value>*97@1/f</Value>");
    await claim("00e0a0aabbcc", "cisco");
    expect((await assignment("00e0a0aabbcc", keys)).status).toBe(200);
    expect(await fetchFile("spa00e0a0aabbcc.xml", "Cisco/SPA504G-7.5.5")).toContain(
      "<Extended_Function_3_>fnc=sd;ext=*97@192.0.2.1;nme=Mail</Extended_Function_3_>",
    );

    const bad = await assignment("001565aabbcc", {
      lines: ["100"],
      speedDials: [{ number: "12ab" }],
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toStartWith("speedDials");
    const tooMany = await assignment("001565aabbcc", {
      lines: ["100"],
      blfKeys: Array.from({ length: 20 }, (_, i) => ({ extension: String(101 + i) })),
      speedDials: Array.from({ length: 9 }, (_, i) => ({ number: String(200 + i) })),
    });
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error.field).toBe("speedDials");
    const noLine = await assignment("001565aabbcc", {
      lines: ["100"],
      speedDials: [{ number: "9", line: 2 }],
    });
    expect(noLine.status).toBe(400);
  });

  test("the box's own H83: 4 accounts, then BLF keys and speed dials over 4 pages of 7 keys", async () => {
    await claim("a0b1c2d3e4f5", "box", "H83");
    const blfKeys = Array.from({ length: 20 }, (_, i) => ({ extension: String(104 + i) }));
    const speedDials = [
      { number: "88", label: "Lobby" },
      { number: "*8", label: "Pickup" },
      { number: "013800138000", label: "Boss", line: 2 },
      { number: "41", label: "Park" },
    ];
    const res = await assignment("a0b1c2d3e4f5", {
      lines: ["100", "101", "102", "103"],
      blfKeys,
      speedDials,
      idleText: "ACME Ltd",
    });
    expect(res.status).toBe(200);
    const text = await fetchFile("a0b1c2d3e4f5.cfg", "H83 1.2.0 a0b1c2d3e4f5");
    expect(text).toContain("account.4.user_name = 103");
    expect(text).toContain("dsskey.1.type = line\ndsskey.1.line = 1");
    expect(text).toContain("dsskey.4.page = 1\ndsskey.4.position = 4");
    // Key 5 is the first BLF key; key 8 is the first on page 2.
    expect(text).toContain("dsskey.5.type = blf\ndsskey.5.value = 104");
    expect(text).toContain("dsskey.8.page = 2\ndsskey.8.position = 1");
    // The last of the 28 keys: the 4th speed dial, page 4, position 7.
    expect(text).toContain("dsskey.28.type = speed_dial\ndsskey.28.value = 41");
    expect(text).toContain("dsskey.28.page = 4\ndsskey.28.position = 7");
    expect(text).toContain("dsskey.27.value = 013800138000\ndsskey.27.line = 2");
    expect(text).toContain("idle_screen.text = ACME Ltd");
    expect(text).not.toContain("dsskey.29.");
    // An H81 takes two accounts.
    await claim("a0b1c2d3e4f6", "box", "H81");
    const three = await assignment("a0b1c2d3e4f6", { lines: ["100", "101", "102"] });
    expect(three.status).toBe(400);
  });

  test("Htek, Escene, Akuvox and MOCET phones get their accounts and the phonebook", async () => {
    const cases = [
      {
        mac: "001fc1000001",
        vendor: "htek",
        file: "001fc1000001.cfg",
        ua: "Htek UC926 2.0.4.2 00:1f:c1:00:00:01",
        want: [
          '<P35 para="Account1.SipUserId">100</P35>',
          '<P34 para="Account1.AuthenticatePassword">Sip-pw-100</P34>',
          "<P404>101</P404>",
          '<P8022 para="LDAP.Base">dc=pbx</P8022>',
        ],
      },
      {
        mac: "001fc1000001",
        vendor: "htek",
        file: "cfg001fc1000001.xml",
        ua: "Htek UC926",
        want: ['<P47 para="Account1.SipServer">192.0.2.1:'],
      },
      {
        mac: "00268b000001",
        vendor: "escene",
        file: "00268b000001.xml",
        ua: "Escene ES620",
        want: [
          'UserNumber="100"',
          'Password="Sip-pw-100"',
          '<sipUser id="1" EnableAccount="1"',
          'Base="dc=pbx"',
        ],
      },
      {
        mac: "0c1105000001",
        vendor: "akuvox",
        file: "0C1105000001.cfg",
        ua: "Akuvox R50",
        want: [
          "Config.Account1.GENERAL.UserName = 100",
          "Config.Account1.GENERAL.Pwd = Sip-pw-100",
          "Config.Account2.SIP.Server = 192.0.2.1",
          "Config.Contact.LDAP.Base = dc=pbx",
        ],
      },
      {
        mac: "c8c6fe000001",
        vendor: "mocet",
        file: "c8c6fe000001.cfg",
        ua: "MOCET IP3062",
        want: [
          "account.1.user_name = 100",
          "account.2.password = Sip-pw-101",
          "ldap.base = dc=pbx",
        ],
      },
    ];
    for (const c of cases) {
      if (c.file.startsWith("cfg") === false) await claim(c.mac, c.vendor);
      expect((await assignment(c.mac, { lines: ["100", "101"] })).status).toBe(200);
      const text = await fetchFile(c.file, c.ua);
      for (const want of c.want)
        expect({ vendor: c.vendor, has: text.includes(want), want }).toEqual({
          vendor: c.vendor,
          has: true,
          want,
        });
    }
    // A name another vendor's phone asks for is not served to these.
    const res = await t.app.request(
      `${BASE}cfg00268b000001.xml`,
      { headers: { "User-Agent": "Escene ES620" } },
      env,
    );
    expect(res.status).toBe(404);
  });
});
