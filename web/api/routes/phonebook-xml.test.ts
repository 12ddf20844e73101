import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
beforeEach(async () => {
  t = await startTestApi();
  t.services.extensions.create({ number: "100", displayName: "Front desk", sipPassword: "pw-100" });
  t.services.phonebook!.contacts.create(
    { name: "Acme <Sales>", office: "010-1", mobile: "139" },
    null,
  );
  t.services.phonebook!.contacts.create({ name: "Dr Li", mobile: "137" }, "100");
});
afterEach(() => t.close());

const get = (authorization?: string, path = "/phonebook.xml") =>
  t.app.request(
    `http://pbx.lan/api/v1${path}`,
    authorization ? { headers: { Authorization: authorization } } : {},
    { requestIP: () => ({ address: "192.0.2.20" }) },
  );
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("GET /api/v1/phonebook.xml (Yealink remote phonebook)", () => {
  test("without credentials: shared contacts and extensions, escaped, every number", async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("application/xml");
    const xml = await res.text();
    expect(xml).toContain(
      "<DirectoryEntry><Name>Acme &lt;Sales&gt;</Name><Telephone>010-1</Telephone><Telephone>139</Telephone></DirectoryEntry>",
    );
    expect(xml).toContain("<Name>Front desk</Name><Telephone>100</Telephone>");
    expect(xml).not.toContain("Dr Li");
  });

  test("Basic as the extension with its SIP password adds its own; a wrong one is 401, then 429", async () => {
    expect(await (await get(basic("100", "pw-100"))).text()).toContain("<Name>Dr Li</Name>");
    const wrong = await get(basic("100", "nope"));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("WWW-Authenticate")).toContain("Basic");
    for (let i = 0; i < 5; i++) await get(basic("100", "nope"));
    expect((await get(basic("100", "pw-100"))).status).toBe(429);
  });
});

describe("the same phonebook for Grandstream and Snom phones", () => {
  test("Grandstream's AddressBook: a Contact per entry, each number with its type", async () => {
    const res = await get(undefined, "/phonebook/grandstream/phonebook.xml");
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toStartWith('<?xml version="1.0" encoding="UTF-8"?>\n<AddressBook><Contact>');
    expect(xml).toContain(
      '<Contact><FirstName>Acme &lt;Sales&gt;</FirstName><LastName></LastName><Phone type="Work"><phonenumber>010-1</phonenumber><accountindex>1</accountindex></Phone><Phone type="Cell"><phonenumber>139</phonenumber><accountindex>1</accountindex></Phone></Contact>',
    );
    expect(xml).toContain("<FirstName>Front desk</FirstName>");
    expect(xml).not.toContain("Dr Li");
  });

  test("Snom's directory, with the extension's own contacts when it signs in", async () => {
    const res = await get(basic("100", "pw-100"), "/phonebook/snom.xml");
    const xml = await res.text();
    expect(xml).toContain("<SnomIPPhoneDirectory><Title>Phonebook</Title>");
    expect(xml).toContain(
      "<DirectoryEntry><Name>Dr Li</Name><Telephone>137</Telephone></DirectoryEntry>",
    );
    expect((await get(basic("100", "nope"), "/phonebook/snom.xml")).status).toBe(401);
  });
});
