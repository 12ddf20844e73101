// SPEC CALL-17 end to end: contacts added through the REST API are found by Debian's
// ldapsearch (ldap-utils) over the box's LDAP port, as a desk phone's remote phonebook would
// query them: anonymously (shared contacts and extensions) and bound as an extension with its
// SIP password (plus that extension's private contacts); a wrong password is
// invalidCredentials (exit code 49), and the directory is read-only.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { boxApi } from "../support/box-api.ts";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";
import { requirePeer, run } from "../support/peers.ts";

let pbx: RunningPbx;
let ldapsearch: string;
let ldapdelete: string;

beforeAll(async () => {
  ldapsearch = requirePeer("ldapsearch", "ldap-utils");
  ldapdelete = requirePeer("ldapdelete", "ldap-utils");
  pbx = await startPbx();
  const api = boxApi(pbx, await pbx.adminToken());
  for (const [number, name] of [
    ["201", "Reception"],
    ["202", "Warehouse"],
  ] as const) {
    const made = await api("POST", "/extensions", {
      number,
      displayName: name,
      sipPassword: `Pw-${number}-secret`,
      webLogin: true,
    });
    expect(made.status).toBe(201);
  }
  const shared = await api("POST", "/contacts", {
    name: "Zhang Wei",
    office: "010-8888 1234",
    mobile: "13911112222",
    company: "Acme",
  });
  expect(shared.status).toBe(201);
  // Extension 201's user adds a private contact through its own web login.
  const login = await pbx.api("/api/v1/auth/login", {
    method: "POST",
    body: JSON.stringify({ username: "201", password: "Pw-201-secret" }),
  });
  const own = boxApi(pbx, ((await login.json()) as { token: string }).token);
  expect((await own("POST", "/contacts", { name: "Dr Li", mobile: "13700009999" })).status).toBe(
    201,
  );
}, 120_000);

afterAll(async () => {
  await pbx?.stop();
});

const url = () => `ldap://127.0.0.1:${pbx.ports.ldap}`;

/** ldapsearch -x (simple auth) with `bind` as [dn, password] or anonymous. */
async function search(filter: string, bind?: [string, string], extra: string[] = []) {
  const auth = bind ? ["-D", bind[0], "-w", bind[1]] : [];
  return run(
    [
      ldapsearch,
      "-x",
      "-LLL",
      "-H",
      url(),
      "-b",
      "dc=pbx",
      ...auth,
      ...extra,
      filter,
      "cn",
      "telephoneNumber",
      "mobile",
      "o",
    ],
    { timeoutMs: 20_000 },
  );
}

const cns = (out: string) => [...out.matchAll(/^cn: (.*)$/gm)].map((m) => m[1]!).sort();

describe("the LDAP phonebook with ldapsearch", () => {
  test("anonymous: a phone's name-or-number search finds shared contacts and extensions", async () => {
    const byName = await search("(|(cn=*zhang*)(telephoneNumber=*zhang*))");
    expect(byName.code).toBe(0);
    expect(cns(byName.stdout)).toEqual(["Zhang Wei"]);
    expect(byName.stdout).toContain("telephoneNumber: 010-8888 1234");
    expect(byName.stdout).toContain("o: Acme");

    const byNumber = await search("(|(cn=*88881234*)(telephoneNumber=*88881234*))");
    expect(cns(byNumber.stdout)).toEqual(["Zhang Wei"]);
    const extension = await search("(telephoneNumber=202)");
    expect(cns(extension.stdout)).toEqual(["Warehouse"]);
    // A private contact is not for anonymous eyes.
    const everyone = await search("(objectClass=inetOrgPerson)");
    expect(cns(everyone.stdout)).toEqual(["Reception", "Warehouse", "Zhang Wei"]);
  });

  test("bound as extension 201 (SIP password): its private contact too, not for 202", async () => {
    const mine = await search("(cn=Dr*)", ["uid=201,dc=pbx", "Pw-201-secret"]);
    expect(mine.code).toBe(0);
    expect(cns(mine.stdout)).toEqual(["Dr Li"]);
    expect(mine.stdout).toContain("mobile: 13700009999");
    const bare = await search("(mobile=13700009999)", ["201", "Pw-201-secret"]);
    expect(cns(bare.stdout)).toEqual(["Dr Li"]);
    const theirs = await search("(cn=Dr*)", ["202", "Pw-202-secret"]);
    expect(theirs.code).toBe(0);
    expect(cns(theirs.stdout)).toEqual([]);
  });

  test("a wrong password is invalidCredentials (exit 49); the size limit is enforced", async () => {
    const wrong = await search("(cn=*)", ["201", "not-the-password"]);
    expect(wrong.code).toBe(49);
    expect(wrong.stderr).toContain("Invalid credentials");
    const limited = await search("(objectClass=inetOrgPerson)", undefined, ["-z", "1"]);
    expect(limited.code).toBe(4);
    expect(cns(limited.stdout)).toHaveLength(1);
  });

  test("the directory is read-only, and garbage on the port leaves it serving", async () => {
    const del = await run([
      ldapdelete,
      "-x",
      "-H",
      url(),
      "-D",
      "201",
      "-w",
      "Pw-201-secret",
      "uid=x201,dc=pbx",
    ]);
    expect(del.code).toBe(53);
    const socket = await Bun.connect({
      hostname: "127.0.0.1",
      port: pbx.ports.ldap,
      socket: { data() {}, close() {} },
    });
    socket.write(new Uint8Array([0x30, 0x05, 0xde, 0xad, 0xbe, 0xef, 0x00]));
    socket.end();
    const after = await search("(cn=Zhang*)");
    expect(cns(after.stdout)).toEqual(["Zhang Wei"]);
  });

  test("deleting an extension removes it and its private contacts from the phonebook", async () => {
    const api = boxApi(pbx, await pbx.adminToken());
    expect((await api("DELETE", "/extensions/201")).status).toBe(204);
    const listed = await api("GET", "/contacts");
    const names = (listed.json.items as { name: string }[]).map((e) => e.name).sort();
    expect(names).toEqual(["Warehouse", "Zhang Wei"]);
    const gone = await search("(|(cn=Reception)(cn=Dr Li))");
    expect(cns(gone.stdout)).toEqual([]);
  });
});
