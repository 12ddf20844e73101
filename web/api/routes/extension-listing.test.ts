import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, START_MS, startTestApi, type TestApi } from "../test-api.ts";
import { phoneModel } from "./extension-listing.ts";

let t: TestApi;
let admin: string;
beforeEach(async () => {
  t = await startTestApi();
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
  t.services.extensions.bulkAdd({ startNumber: "100", count: 5, settings: {} });
  t.services.extensions.update("101", { displayName: "Zhang", email: "z@example.com" });
  t.services.extensions.update("103", { displayName: "Anna" });
  t.services.extensions.update("104", { displayName: "Mia" });
  t.registrations.push(
    {
      extension: "103",
      contact: "sip:103@192.0.2.30:5062",
      source: "192.0.2.30:5062",
      transport: "udp",
      userAgent: "Yealink SIP-T46S 66.86.0.15",
      expiresAtMs: START_MS + 120_000,
    },
    {
      extension: "101",
      contact: "sip:101@192.0.2.9:5060",
      source: "192.0.2.9:5060",
      transport: "tcp",
      userAgent: "Grandstream GXP2170 1.0.11.3",
      expiresAtMs: START_MS + 60_000,
    },
  );
});
afterEach(() => t.close());

type Listed = {
  number: string;
  registrations: { address: string; transport: string; userAgent: string; model: string }[];
};
const list = async (query: string) =>
  (await (await t.call("GET", `/api/v1/extensions?${query}`, { token: admin })).json()) as {
    items: Listed[];
    total: number;
  };
const numbers = (page: { items: Listed[] }) => page.items.map((e) => e.number);

describe("GET /api/v1/extensions: registrations and sorting", () => {
  test("each extension carries where its phone registered from and the phone's model", async () => {
    const page = await list("limit=50");
    expect(page.items.find((e) => e.number === "103")?.registrations).toEqual([
      {
        address: "192.0.2.30:5062",
        transport: "udp",
        userAgent: "Yealink SIP-T46S 66.86.0.15",
        model: "Yealink SIP-T46S",
      },
    ]);
    expect(page.items.find((e) => e.number === "100")?.registrations).toEqual([]);
  });

  test("sorts by a column over all pages, empty cells last, then pages", async () => {
    expect(numbers(await list("sort=displayName"))).toEqual(["103", "104", "101", "100", "102"]);
    expect(numbers(await list("sort=displayName&order=desc"))).toEqual([
      "101",
      "104",
      "103",
      "100",
      "102",
    ]);
    expect(numbers(await list("sort=address&limit=2"))).toEqual(["101", "103"]);
    const second = await list("sort=model&limit=2&offset=2");
    expect(numbers(second)).toEqual(["100", "102"]);
    expect(second.total).toBe(5);
    expect(numbers(await list("sort=number&order=desc"))).toEqual([
      "104",
      "103",
      "102",
      "101",
      "100",
    ]);
    expect(numbers(await list("sort=displayName&search=10&limit=2"))).toEqual(["103", "104"]);
  });

  test("an unknown sort column or order is 400 naming it", async () => {
    const bad = await t.call("GET", "/api/v1/extensions?sort=password", { token: admin });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe("sort");
    const order = await t.call("GET", "/api/v1/extensions?sort=email&order=up", { token: admin });
    expect((await errorOf(order)).field).toBe("order");
  });
});

describe("phoneModel", () => {
  test("keeps the product words before the first version", () => {
    expect(phoneModel("Yealink SIP-T46S 66.86.0.15")).toBe("Yealink SIP-T46S");
    expect(phoneModel("Grandstream GXP2170 1.0.11.3")).toBe("Grandstream GXP2170");
    expect(phoneModel("baresip v1.0.0 (x86_64/Linux)")).toBe("baresip");
    expect(phoneModel("Linphone/5.0.0 (belle-sip/4.5.0)")).toBe("Linphone");
    expect(phoneModel("SIPp")).toBe("SIPp");
    expect(phoneModel("")).toBe("");
  });
});
