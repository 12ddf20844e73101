// SPEC PROV-2 end to end: real phones' PnP SUBSCRIBEs (test/fixtures/pnp) sent over loopback
// to the box's SIP port get 200 and a NOTIFY carrying the provisioning URL their vendor
// expects; the phones are listed; once the operator assigns accounts and BLF keys, an HTTP
// client with each vendor's User-Agent fetches its file and the test reads it back, and a
// baresip phone set up from the served Yealink accounts registers. An unassigned MAC gets
// 404, HTTP digest guards a phone given credentials, and no password reaches the log.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startRegisteredBaresip } from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";
import { announcePnp, nextOf, PNP_FIXTURES } from "../support/pnp-phone.ts";

const PASSWORDS: Record<string, string> = {
  "201": "Pw-201-secret",
  "202": "Pw-202-secret",
  "203": "Pw-203-secret",
  "204": "Pw-204-secret",
};
const HTTP_PASSWORD = "Http-pw-77";

let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;

beforeAll(async () => {
  pbx = await startPbx();
  api = boxApi(pbx, await pbx.adminToken());
  for (const [number, sipPassword] of Object.entries(PASSWORDS)) {
    const made = await api("POST", "/extensions", {
      number,
      displayName: `Desk ${number}`,
      sipPassword,
    });
    expect(made.status).toBe(201);
  }
}, 120_000);

afterAll(async () => {
  await pbx?.stop();
});

const base = () => `http://127.0.0.1:${pbx.ports.http}/api/v1/provisioning/files/`;

function fetchFile(url: string, userAgent: string, headers: Record<string, string> = {}) {
  return fetch(url, { headers: { "User-Agent": userAgent, ...headers }, redirect: "manual" });
}

/** `key = value` lines of a Yealink file. */
function keyValues(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([a-z0-9_.]+)\s*=\s*(.*)$/.exec(line.trim());
    if (m) map.set(m[1]!, m[2]!);
  }
  return map;
}

/** `<P35>value</P35>` of a Grandstream file. */
function pValues(text: string): Map<string, string> {
  return new Map([...text.matchAll(/<(P\d+)>([^<]*)<\/\1>/g)].map((m) => [m[1]!, m[2]!]));
}

describe("PnP: the corpus SUBSCRIBEs over loopback", () => {
  test("with PnP off, a ua-profile SUBSCRIBE gets 489 and lists nothing", async () => {
    const phone = await announcePnp(pbx.ports.sip, "yealink_w52p_subscribe.sip");
    const answer = await nextOf(phone.responses, "answer");
    expect(answer.status).toBe(489);
    expect(phone.received).toHaveLength(0);
    phone.close();
    expect((await api("GET", "/phones")).json.items).toEqual([]);
    const on = await api("PATCH", "/provisioning/settings", { pnp: true });
    expect(on.status).toBe(200);
    expect(on.json.pnp).toBe(true);
  });

  for (const [fixture, mac, url] of [
    ["yealink_w52p_subscribe.sip", "001565f4f9e1", () => base()],
    ["grandstream_grp2612w_subscribe.sip", "c074ad112233", () => base()],
    ["snom720_subscribe.sip", "00135e874b49", () => `${base()}00135E874B49.xml`],
  ] as const) {
    test(`${fixture}: 200, then a NOTIFY carrying ${mac}'s provisioning URL`, async () => {
      const phone = await announcePnp(pbx.ports.sip, fixture);
      const ok = await nextOf(phone.responses, "200");
      expect(ok.status).toBe(200);
      expect(ok.headers.get("expires")).toBe("0");
      const notify = await nextOf(phone.received, "NOTIFY");
      expect(notify.method).toBe("NOTIFY");
      expect(notify.headers.get("content-type")).toBe("application/url");
      expect(notify.headers.get("event")).toStartWith("ua-profile");
      expect(notify.headers.get("subscription-state")).toStartWith("terminated");
      expect(notify.callId).toBe(
        readFileSync(join(PNP_FIXTURES, fixture), "latin1").match(/^Call-ID: (.*)\r$/m)![1]!,
      );
      expect(Buffer.from(notify.body).toString()).toBe(url());
      phone.close();
    });
  }

  test("the phones are listed with vendor, model, firmware, MAC and address", async () => {
    const { json } = await api("GET", "/phones");
    const byMac = new Map(json.items.map((p: { mac: string }) => [p.mac, p]));
    expect(byMac.get("001565f4f9e1")).toMatchObject({
      vendor: "yealink",
      model: "W52P",
      firmware: "25.81.0.10",
      address: "127.0.0.1",
      source: "pnp",
      assigned: false,
    });
    expect(byMac.get("c074ad112233")).toMatchObject({
      vendor: "grandstream",
      model: "GRP2612W",
      maxLines: 2,
    });
    expect(byMac.get("00135e874b49")).toMatchObject({
      vendor: "snom",
      model: "snom720",
      firmware: "7.1.19",
    });
  });

  test("another event package gets 489 Bad Event and the box keeps serving", async () => {
    // (presence is served now, by the lamps; conference is not.)
    const phone = await announcePnp(pbx.ports.sip, "yealink_w52p_subscribe.sip", "conference");
    const answer = await nextOf(phone.responses, "answer");
    expect(answer.status).toBe(489);
    expect(answer.headers.get("allow-events")).toBe(
      "dialog, presence, message-summary, ua-profile",
    );
    phone.close();
    expect((await pbx.api("/api/v1/health")).status).toBe(200);
  });
});

describe("files by the paths each vendor's firmware asks for", () => {
  const yealinkUa = "Yealink W52P 25.81.0.10 00:15:65:f4:f9:e1";

  test("an unassigned phone gets 404 for every name", async () => {
    expect((await fetchFile(`${base()}001565f4f9e1.cfg`, yealinkUa)).status).toBe(404);
    expect((await fetchFile(`${base()}y000000000025.cfg`, yealinkUa)).status).toBe(404);
    expect((await fetchFile(`${base()}cfg0c3800000001.xml`, "Grandstream GXP2135")).status).toBe(
      404,
    );
  });

  test("assignments are checked: lines per model, existing extensions, named fields", async () => {
    const tooMany = await api("PUT", "/phones/c074ad112233/assignment", {
      lines: ["201", "202", "203"],
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.field).toBe("lines");
    const nobody = await api("PUT", "/phones/001565f4f9e1/assignment", {
      lines: ["201"],
      blfKeys: [{ extension: "299" }],
    });
    expect(nobody.status).toBe(400);
    expect(nobody.json.error.field).toBe("blfKeys");
    expect((await api("PUT", "/phones/001565aaaaaa/assignment", { lines: ["201"] })).status).toBe(
      404,
    );
  });

  test("Yealink: <mac>.cfg carries server, accounts 1-2, passwords and BLF keys", async () => {
    const assigned = await api("PUT", "/phones/001565f4f9e1/assignment", {
      lines: ["201", "202"],
      blfKeys: [
        { extension: "203", label: "Boss", line: 1 },
        { extension: "204", line: 2 },
      ],
      idleText: "ACME Ltd",
    });
    expect(assigned.status).toBe(200);
    expect(assigned.json.assignedBy).toBe("admin");
    const res = await fetchFile(`${base()}001565f4f9e1.cfg`, yealinkUa);
    expect(res.status).toBe(200);
    const cfg = keyValues(await res.text());
    expect(cfg.get("account.1.user_name")).toBe("201");
    expect(cfg.get("account.1.password")).toBe(PASSWORDS["201"]);
    expect(cfg.get("account.1.label")).toBe("ACME Ltd");
    expect(cfg.get("account.2.user_name")).toBe("202");
    expect(cfg.get("account.2.password")).toBe(PASSWORDS["202"]);
    expect(cfg.get("account.2.display_name")).toBe("Desk 202");
    expect(cfg.get("account.1.sip_server.1.address")).toBe("127.0.0.1");
    expect(cfg.get("account.1.sip_server.1.port")).toBe(String(pbx.ports.sip));
    expect(cfg.get("linekey.3.type")).toBe("16");
    expect(cfg.get("linekey.3.value")).toBe("203");
    expect(cfg.get("linekey.3.label")).toBe("Boss");
    expect(cfg.get("linekey.4.value")).toBe("204");
    expect(cfg.get("linekey.4.line")).toBe("2");
    expect(cfg.get("ldap.host")).toBe("127.0.0.1");
    expect(cfg.get("ldap.port")).toBe(String(pbx.ports.ldap));
    expect(cfg.get("ldap.base")).toBe("dc=pbx");
    // The model's common file, the phone known by its User-Agent's MAC.
    const common = await fetchFile(`${base()}y000000000025.cfg`, yealinkUa);
    expect(common.status).toBe(200);
    expect(await common.text()).toContain("#!version:1.0.0.1");
    // Another vendor's file name for a Yealink is not served.
    expect((await fetchFile(`${base()}cfg001565f4f9e1.xml`, yealinkUa)).status).toBe(404);
  });

  test("a baresip phone set up from the served Yealink file registers both accounts", async () => {
    const res = await fetchFile(`${base()}001565f4f9e1.cfg`, yealinkUa);
    const cfg = keyValues(await res.text());
    const phones = [];
    try {
      for (const i of [1, 2]) {
        // baresip's account line names 127.0.0.1: the file must name the same server.
        expect(cfg.get(`account.${i}.sip_server.1.address`)).toBe("127.0.0.1");
        phones.push(
          await startRegisteredBaresip({
            extension: cfg.get(`account.${i}.user_name`)!,
            password: cfg.get(`account.${i}.password`)!,
            pbxPort: Number(cfg.get(`account.${i}.sip_server.1.port`)),
          }),
        );
      }
      const registered = await until(
        async () => (await api("GET", "/registrations")).json.items as { extension: string }[],
        (list) => ["201", "202"].every((n) => list.some((r) => r.extension === n)),
      );
      expect(registered.map((r) => r.extension).sort()).toEqual(["201", "202"]);
    } finally {
      for (const phone of phones) await phone.stop();
    }
  }, 60_000);

  test("Grandstream: cfg<mac>.xml with P-values for the account and the BLF key", async () => {
    expect(
      (
        await api("PUT", "/phones/c074ad112233/assignment", {
          lines: ["203"],
          blfKeys: [{ extension: "201", label: "Front desk" }],
          callWaiting: false,
        })
      ).status,
    ).toBe(200);
    const res = await fetchFile(`${base()}cfgc074ad112233.xml`, "Grandstream GRP2612W 1.0.5.67");
    expect(res.status).toBe(200);
    const p = pValues(await res.text());
    expect(p.get("P35")).toBe("203");
    expect(p.get("P34")).toBe(PASSWORDS["203"]);
    expect(p.get("P47")).toBe(`127.0.0.1:${pbx.ports.sip}`);
    expect(p.get("P323")).toBe("1");
    expect(p.get("P301")).toBe("0");
    expect(p.get("P302")).toBe("Front desk");
    expect(p.get("P303")).toBe("201");
    expect(p.get("P91")).toBe("1");
    expect(p.get("P8020")).toBe("127.0.0.1");
  });

  test("Snom: the NOTIFY's URL gives the settings XML with user and fkeys", async () => {
    expect(
      (
        await api("PUT", "/phones/00135e874b49/assignment", {
          lines: ["204"],
          blfKeys: [{ extension: "201" }, { extension: "202" }],
        })
      ).status,
    ).toBe(200);
    const res = await fetchFile(
      `${base()}00135E874B49.xml`,
      "Mozilla/4.0 (compatible; snom720-SIP 7.1.19; snom720 jffs2 v3.36; snom720 linux 3.38) 00135E874B49",
    );
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain(`<user_name idx="1" perm="">204</user_name>`);
    expect(xml).toContain(`<user_pass idx="1" perm="">${PASSWORDS["204"]}</user_pass>`);
    expect(xml).toContain(
      `<user_host idx="1" perm="">127.0.0.1:${pbx.ports.sip};transport=udp</user_host>`,
    );
    expect(xml).toContain(
      `<fkey idx="0" context="1" label="201" perm="">blf sip:201@127.0.0.1</fkey>`,
    );
    expect(xml).toContain(
      `<fkey idx="1" context="1" label="202" perm="">blf sip:202@127.0.0.1</fkey>`,
    );
  });

  test("Cisco SPA typed in by MAC: spa<mac>.xml; a taken or malformed MAC is refused", async () => {
    const claimed = await api("POST", "/phones", {
      mac: "00:0E:08:AA:BB:CC",
      vendor: "cisco",
      model: "SPA504G",
    });
    expect(claimed.status).toBe(201);
    expect(claimed.json).toMatchObject({ mac: "000e08aabbcc", source: "manual" });
    const again = await api("POST", "/phones", { mac: "000e08aabbcc", vendor: "cisco" });
    expect(again.status).toBe(409);
    expect(again.json.error.field).toBe("mac");
    const bad = await api("POST", "/phones", { mac: "00:0E:08", vendor: "cisco" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe("mac");
    expect(
      (
        await api("PUT", "/phones/000e08aabbcc/assignment", {
          lines: ["202"],
          blfKeys: [{ extension: "203", label: "Store" }],
        })
      ).status,
    ).toBe(200);
    // The MAC is read from the file name (the User-Agent here carries none).
    const res = await fetchFile(`${base()}spa000e08aabbcc.xml`, "Cisco/SPA504G-7.5.5");
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain("<User_ID_1_>202</User_ID_1_>");
    expect(xml).toContain(`<Password_1_>${PASSWORDS["202"]}</Password_1_>`);
    expect(xml).toContain(`<Proxy_1_>127.0.0.1:${pbx.ports.sip}</Proxy_1_>`);
    expect(xml).toContain("sub=203@127.0.0.1");
  });

  test("Fanvil with HTTP digest credentials: 401, then the file for the right answer only", async () => {
    expect(
      (await api("POST", "/phones", { mac: "0c3800000000", vendor: "fanvil", model: "X5U" }))
        .status,
    ).toBe(201);
    const assigned = await api("PUT", "/phones/0c3800000000/assignment", {
      lines: ["201", "202", "203", "204"],
      blfKeys: [{ extension: "204", line: 4 }],
      httpUser: "fanvil",
      httpPassword: HTTP_PASSWORD,
    });
    expect(assigned.status).toBe(200);
    expect(assigned.json.hasHttpPassword).toBe(true);
    expect(JSON.stringify(assigned.json)).not.toContain(HTTP_PASSWORD);
    const url = `${base()}0c3800000000.cfg`;
    const ua = "Fanvil X5U-V2 2.12.1 0c3800000000";
    const challenged = await fetchFile(url, ua);
    expect(challenged.status).toBe(401);
    const challenge = challenged.headers.get("www-authenticate") ?? "";
    expect(challenge).toStartWith("Digest ");
    const wrong = await fetchFile(url, ua, {
      Authorization: digestAnswer(challenge, url, "fanvil", "nope"),
    });
    expect(wrong.status).toBe(403);
    const right = await fetchFile(url, ua, {
      Authorization: digestAnswer(challenge, url, "fanvil", HTTP_PASSWORD),
    });
    expect(right.status).toBe(200);
    const xml = await right.text();
    for (const [i, number] of ["201", "202", "203", "204"].entries()) {
      expect(xml).toContain(`<PhoneNumber>${number}</PhoneNumber>`);
      expect(xml).toContain(`<RegisterPswd>${PASSWORDS[number]}</RegisterPswd>`);
      expect(xml).toContain(`<line index="${i + 1}">`);
    }
    expect(xml).toContain("<Value>204@4/b</Value>");
  });

  test("a deleted phone gets no file; fetches are logged without any password", async () => {
    expect((await api("DELETE", "/phones/000e08aabbcc")).status).toBe(204);
    expect(
      (await fetchFile(`${base()}spa000e08aabbcc.xml`, "Cisco/SPA504G-7.5.5 (000E08AABBCC)"))
        .status,
    ).toBe(404);
    const log = await until(
      async () => pbx.output(),
      (out) => out.includes("phone file refused") && out.includes("phone file served"),
    );
    for (const secret of [...Object.values(PASSWORDS), HTTP_PASSWORD])
      expect(log).not.toContain(secret);
  });
});

/** An RFC 7616 MD5 answer with qop=auth, as a phone computes it. */
function digestAnswer(challenge: string, url: string, user: string, password: string): string {
  const param = (name: string) => new RegExp(`${name}="?([^",]+)"?`).exec(challenge)?.[1] ?? "";
  const md5 = (s: string) => createHash("md5").update(s).digest("hex");
  const realm = param("realm");
  const nonce = param("nonce");
  const uri = new URL(url).pathname;
  const cnonce = "0a4f113b";
  const nc = "00000001";
  const response = md5(
    `${md5(`${user}:${realm}:${password}`)}:${nonce}:${nc}:${cnonce}:auth:${md5(`GET:${uri}`)}`,
  );
  return `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}", opaque="${param("opaque")}", algorithm=MD5`;
}
