import { describe, expect, test } from "bun:test";
import { menuFor, menuSections, type PageId, pageFromHash } from "./routes.ts";

describe("pages per role (SPEC WEB-3)", () => {
  test("only the admin's menu lists the accounts page", () => {
    expect(menuFor("admin").map((p) => p.id)).toContain("accounts");
    for (const role of ["operator", "billing", "extension"] as const) {
      expect(menuFor(role).map((p) => p.id)).not.toContain("accounts");
    }
  });

  test("only the admin's menu lists the system log", () => {
    expect(menuFor("admin").map((p) => p.id)).toContain("logs");
    for (const role of ["operator", "billing", "extension"] as const)
      expect(menuFor(role).map((p) => p.id)).not.toContain("logs");
    expect(pageFromHash("#/logs", "operator")).toBe("status");
  });

  test("an operator asking for #/accounts lands on the status page", () => {
    expect(pageFromHash("#/accounts", "operator")).toBe("status");
    expect(pageFromHash("#/accounts", "admin")).toBe("accounts");
  });

  test("every role opens its own password page from the top bar, not the menu", () => {
    for (const role of ["admin", "operator", "billing", "extension"] as const) {
      expect(pageFromHash("#/password", role)).toBe("password");
      expect(menuFor(role).map((p) => p.id)).not.toContain("password");
    }
  });

  test("billing and extension users start on their own page", () => {
    expect(pageFromHash("", "billing")).toBe("billing");
    expect(pageFromHash("#/status", "extension")).toBe("my-extension");
  });

  test("the phonebook is for staff and extension users, not billing (SPEC CALL-17)", () => {
    expect(pageFromHash("#/contacts", "extension")).toBe("contacts");
    expect(pageFromHash("#/contacts", "operator")).toBe("contacts");
    expect(pageFromHash("#/contacts", "billing")).toBe("billing");
    expect(menuFor("extension").map((p) => p.id)).toEqual([
      "my-extension",
      "contacts",
      "voicemail",
      "follow-me",
      "wakeup-calls",
      "recordings",
    ]);
  });
});

// The billing manual's menu: 分机, 费率, 充值记录, 通话记录, 统计, then the rule tester and 设置.
const BILLING_PAGES: PageId[] = [
  "billing",
  "billing-rates",
  "billing-top-ups",
  "billing-calls",
  "billing-statistics",
  "billing-rate-test",
  "billing-settings",
];

describe("the menu follows the manual's menu paths", () => {
  test("Status, then Phone > Extensions (departments, IP, analog, phone auto-provisioning), Phone > Advanced functions, Phone > Trunks and routes, Reports, then System (settings, accounts, system log)", () => {
    const sections = menuSections("admin").map((s) => [
      s.group?.label,
      s.sub,
      s.pages.map((p) => p.id),
    ]);
    expect(sections).toEqual([
      ["nav.group.status", undefined, ["status", "connections"]],
      [
        "nav.group.phone",
        "nav.group.extensions",
        ["departments", "extensions", "analog", "phones"],
      ],
      ["nav.group.phone", undefined, ["feature-codes", "contacts"]],
      [
        "nav.group.phone",
        "nav.group.advanced",
        [
          "call-forwards",
          "blacklist",
          "conference-rooms",
          "voicemail",
          "follow-me",
          "wakeup-calls",
          "paging-groups",
          "queues",
        ],
      ],
      [
        "nav.group.phone",
        "nav.group.routing",
        [
          "trunks",
          "outbound-routes",
          "inbound-routes",
          "ivrs",
          "time-conditions",
          "dial-permissions",
        ],
      ],
      ["nav.group.phone", "nav.group.voiceFiles", ["moh", "prompts"]],
      ["nav.group.reports", undefined, ["call-records", "recordings"]],
      ["nav.group.system", undefined, ["settings", "accounts", "backup", "logs", "firmware"]],
      ["nav.group.billing", undefined, BILLING_PAGES],
    ]);
    expect(menuFor("operator").map((p) => p.id)).toContain("call-records");
    // An extension user finds its own recordings under Reports, and no call records.
    expect(menuFor("extension").map((p) => p.id)).toEqual([
      "my-extension",
      "contacts",
      "voicemail",
      "follow-me",
      "wakeup-calls",
      "recordings",
    ]);
    expect(menuSections("billing").map((s) => s.pages.map((p) => p.id))).toEqual([BILLING_PAGES]);
  });

  test("the billing pages are the billing user's and the admin's only", () => {
    for (const id of BILLING_PAGES) {
      expect(pageFromHash(`#/${id}`, "billing")).toBe(id);
      expect(pageFromHash(`#/${id}`, "admin")).toBe(id);
      expect(pageFromHash(`#/${id}`, "operator")).toBe("status");
      expect(pageFromHash(`#/${id}`, "extension")).toBe("my-extension");
    }
  });
});
