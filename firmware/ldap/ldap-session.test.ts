import { describe, expect, test } from "bun:test";
import type { PhonebookEntry, PhonebookViewer } from "../phonebook/phonebook.ts";
import { berChildren, berElement, berInteger, berText } from "./ber-reader.ts";
import { decodeFilter, evaluateFilter } from "./ldap-filter.ts";
import { type LdapBackend, LdapSession } from "./ldap-session.ts";
import { bindPdu, deletePdu, f, searchPdu } from "./ldap-test-pdus.ts";

const contact = (key: string, name: string, office: string, owner: string | null) =>
  ({
    key,
    kind: "contact",
    name,
    office,
    mobile: "",
    other: "",
    company: "Acme",
    department: "",
    owner,
  }) satisfies PhonebookEntry;

const ENTRIES: PhonebookEntry[] = [
  contact("c1", "Zhang Wei", "010-8888 1234", null),
  contact("c2", "Li Na", "13900001111", "101"),
  {
    ...contact("x101", "Front desk", "101", null),
    kind: "extension",
    extension: "101",
    company: "",
  },
];

function backend(): LdapBackend & { failures: string[] } {
  const failures: string[] = [];
  return {
    failures,
    entries: (viewer: PhonebookViewer) =>
      ENTRIES.filter(
        (e) =>
          e.owner === null ||
          viewer.kind === "staff" ||
          (viewer.kind === "extension" && viewer.number === e.owner),
      ),
    sipPassword: (n) => (n === "101" ? "s3cret" : undefined),
    isBanned: () => failures.length >= 3,
    bindFailed: (address) => failures.push(address),
    sizeLimit: 10,
  };
}

/** Each response PDU as {op tag, result code or entry DN, attributes}. */
function responses(bytes: Uint8Array[]) {
  return bytes.map((pdu) => {
    const parts = berChildren(berElement(pdu))!;
    const op = parts[1]!;
    const fields = berChildren(op)!;
    if (op.tag === 0x64) {
      const attrs = berChildren(fields[1])!.map((a) => {
        const [type, values] = berChildren(a)!;
        return [berText(type)!, berChildren(values)!.map((v) => berText(v)!)] as const;
      });
      return { tag: op.tag, dn: berText(fields[0])!, attrs: Object.fromEntries(attrs) };
    }
    return { tag: op.tag, code: berInteger(fields[0]) };
  });
}

const cns = (out: ReturnType<typeof responses>) =>
  out.filter((r) => r.tag === 0x64).map((r) => ("attrs" in r ? r.attrs?.cn?.[0] : ""));

describe("LDAP filters (RFC 4511 4.5.1.7)", () => {
  const entry = new Map([
    ["cn", ["Zhang Wei"]],
    ["telephonenumber", ["010-8888 1234"]],
  ]);
  const evaluate = (pdu: Uint8Array) => evaluateFilter(decodeFilter(berElement(pdu)!)!, entry);

  test("equality, substrings and presence, case-insensitive; phone numbers ignore - and spaces", () => {
    expect(evaluate(f.eq("CN", "zhang wei"))).toBe(true);
    expect(evaluate(f.eq("cn", "zhang"))).toBe(false);
    expect(evaluate(f.sub("cn", "*ANG*"))).toBe(true);
    expect(evaluate(f.sub("cn", "zh*wei"))).toBe(true);
    expect(evaluate(f.sub("cn", "wei*"))).toBe(false);
    expect(evaluate(f.sub("telephoneNumber", "*88881234*"))).toBe(true);
    expect(evaluate(f.eq("telephoneNumber", "01088881234"))).toBe(true);
    expect(evaluate(f.present("mobile"))).toBe(false);
    expect(evaluate(f.present("cn"))).toBe(true);
  });

  test("and, or, not combine; a phone's (|(cn=*x*)(telephoneNumber=*x*))", () => {
    expect(evaluate(f.or(f.sub("cn", "*1234*"), f.sub("telephoneNumber", "*1234*")))).toBe(true);
    expect(evaluate(f.and(f.present("cn"), f.not(f.eq("cn", "Zhang Wei"))))).toBe(false);
    expect(evaluate(f.not(f.present("mobile")))).toBe(true);
  });
});

describe("LdapSession", () => {
  test("anonymous search sees shared contacts and extensions by name and number", () => {
    const session = new LdapSession(backend(), "192.0.2.1");
    const byName = responses(
      session.receive(searchPdu(1, f.or(f.sub("cn", "*wei*"), f.sub("telephoneNumber", "*wei*"))))
        .send,
    );
    expect(cns(byName)).toEqual(["Zhang Wei"]);
    expect(byName.at(-1)).toEqual({ tag: 0x65, code: 0 });
    const all = responses(session.receive(searchPdu(2, f.present("telephoneNumber"))).send);
    expect(cns(all)).toEqual(["Zhang Wei", "Front desk"]);
    const ext = responses(session.receive(searchPdu(3, f.eq("ipPhone", "101"))).send);
    expect(ext[0]).toMatchObject({ dn: "uid=x101,dc=pbx", attrs: { telephoneNumber: ["101"] } });
  });

  test("a bind as extension 101 adds its private contacts; a wrong password is 49", () => {
    const b = backend();
    const session = new LdapSession(b, "192.0.2.1");
    expect(responses(session.receive(bindPdu(1, "101", "wrong")).send)).toEqual([
      { tag: 0x61, code: 49 },
    ]);
    expect(b.failures).toEqual(["192.0.2.1"]);
    expect(responses(session.receive(bindPdu(2, "uid=101,dc=pbx", "s3cret")).send)).toEqual([
      { tag: 0x61, code: 0 },
    ]);
    const found = responses(session.receive(searchPdu(3, f.sub("cn", "li*"))).send);
    expect(cns(found)).toEqual(["Li Na"]);
  });

  test("repeated wrong passwords ban the address: even the right one is refused (53)", () => {
    const session = new LdapSession(backend(), "192.0.2.9");
    for (let i = 0; i < 3; i++) session.receive(bindPdu(i + 1, "101", "nope"));
    expect(responses(session.receive(bindPdu(9, "101", "s3cret")).send)).toEqual([
      { tag: 0x61, code: 53 },
    ]);
  });

  test("size limit: the client's limit returns that many entries then sizeLimitExceeded", () => {
    const session = new LdapSession(backend(), "192.0.2.1");
    const out = responses(
      session.receive(searchPdu(1, f.present("objectClass"), { scope: 1, sizeLimit: 1 })).send,
    );
    expect(out.map((r) => r.tag)).toEqual([0x64, 0x65]);
    expect(out[1]).toEqual({ tag: 0x65, code: 4 });
  });

  test("requested attributes only; writes are refused as read-only", () => {
    const session = new LdapSession(backend(), "192.0.2.1");
    const out = responses(
      session.receive(searchPdu(1, f.eq("cn", "zhang wei"), { attributes: ["cn", "mobile"] })).send,
    );
    expect(out[0]).toMatchObject({ attrs: { cn: ["Zhang Wei"] } });
    expect(Object.keys((out[0] as { attrs: object }).attrs)).toEqual(["cn"]);
    expect(responses(session.receive(deletePdu(2, "uid=c1,dc=pbx")).send)).toEqual([
      { tag: 0x6b, code: 53 },
    ]);
  });

  test("a search outside dc=pbx is noSuchObject; two PDUs in one chunk both answered", () => {
    const session = new LdapSession(backend(), "192.0.2.1");
    const both = new Uint8Array([
      ...searchPdu(1, f.present("cn"), { base: "dc=example,dc=com" }),
      ...bindPdu(2, "", ""),
    ]);
    expect(responses(session.receive(both).send)).toEqual([
      { tag: 0x65, code: 32 },
      { tag: 0x61, code: 0 },
    ]);
  });
});
