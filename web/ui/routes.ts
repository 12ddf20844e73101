// SPEC WEB-3: which pages each role sees. Operator: status, extensions, feature-code help;
// admin: all of that plus system settings and the web accounts; billing: billing only;
// extension user: its own extension. Everyone may change their own password (WEB-1), from the
// top bar rather than the menu. Trunks and routes are the admin's. Pages not yet built (voice
// files, reports...) join this table later.
//
// The menu follows the operator manual's menu paths: 状态 (Status) -> 系统状态, 连接状态;
// 电话 (Phone) -> 分机 (Extensions) -> 部门, IP 分机, 模拟分机, and the feature codes;
// 电话 -> 高级功能 (Advanced functions) -> 呼叫转移, the blacklist beside it, 电话会议;
// 报告 (Reports) -> 通话记录, 通话录音 (the three kinds of recording on one page; an extension
// user sees its own recordings there); 系统 (System) -> 系统设置 -> 管理账号 (the billing manual's path to
// the accounts).
// No manual names a path for trunks and routes: they sit under 电话 -> 中继与路由. Voice files
// follow the manual: 电话 -> 语音文件库 -> 通话保持音乐, 其他自定义语音提示.
// Billing follows the billing manual's menu: 分机, 费率, 充值记录, 通话记录 (calls with their
// cost), 统计, then the rule tester and 设置; the admin finds them under 计费.

import type { Role } from "./app-context.ts";
import type { MessageKey } from "./i18n/en.ts";

export type PageId =
  | "status"
  | "connections"
  | "extensions"
  | "analog"
  | "port-diagnostics"
  | "departments"
  | "feature-codes"
  | "settings"
  | "accounts"
  | "password"
  | "my-extension"
  | "billing"
  | "billing-rates"
  | "billing-top-ups"
  | "billing-calls"
  | "billing-statistics"
  | "billing-rate-test"
  | "billing-settings"
  | "trunks"
  | "outbound-routes"
  | "inbound-routes"
  | "ivrs"
  | "time-conditions"
  | "dial-permissions"
  | "call-records"
  | "recordings"
  | "moh"
  | "prompts"
  | "contacts"
  | "logs"
  | "call-forwards"
  | "blacklist"
  | "conference-rooms"
  | "phones"
  | "backup"
  | "firmware"
  | "voicemail"
  | "wakeup-calls"
  | "follow-me"
  | "paging-groups"
  | "queues";

/** A heading of the menu, with an optional sub-heading (Phone > Extensions). */
export interface MenuGroup {
  label: MessageKey;
  sub?: MessageKey;
}

const STATUS: MenuGroup = { label: "nav.group.status" };
const EXTENSIONS: MenuGroup = { label: "nav.group.phone", sub: "nav.group.extensions" };
const PHONE: MenuGroup = { label: "nav.group.phone" };
const ADVANCED: MenuGroup = { label: "nav.group.phone", sub: "nav.group.advanced" };
const ROUTING: MenuGroup = { label: "nav.group.phone", sub: "nav.group.routing" };
const VOICE_FILES: MenuGroup = { label: "nav.group.phone", sub: "nav.group.voiceFiles" };
const REPORTS: MenuGroup = { label: "nav.group.reports" };
const SYSTEM: MenuGroup = { label: "nav.group.system" };
const BILLING: MenuGroup = { label: "nav.group.billing" };
const BILLERS: readonly Role[] = ["admin", "billing"];

export interface PageEntry {
  id: PageId;
  label: MessageKey;
  roles: readonly Role[];
  /** Where the menu lists it; pages without a group stand alone (billing, my extension). */
  group?: MenuGroup;
  /** Opened from the top bar, not listed in the menu. */
  hidden?: boolean;
}

const STAFF: readonly Role[] = ["admin", "operator"];

export const PAGES: readonly PageEntry[] = [
  // An extension user's first page; the staff's menu never lists it.
  { id: "my-extension", label: "nav.myExtension", roles: ["extension"] },
  { id: "status", label: "nav.status", roles: STAFF, group: STATUS },
  { id: "connections", label: "nav.connections", roles: STAFF, group: STATUS },
  { id: "departments", label: "nav.departments", roles: STAFF, group: EXTENSIONS },
  { id: "extensions", label: "nav.extensions", roles: STAFF, group: EXTENSIONS },
  { id: "analog", label: "nav.analog", roles: STAFF, group: EXTENSIONS },
  // SPEC PROV-2: the manual's 电话 -> 分机 -> 话机自动配置.
  { id: "phones", label: "nav.phones", roles: STAFF, group: EXTENSIONS },
  // Opened from the analog extensions and the connections pages for one port.
  {
    id: "port-diagnostics",
    label: "nav.portDiagnostics",
    roles: STAFF,
    group: EXTENSIONS,
    hidden: true,
  },
  { id: "feature-codes", label: "nav.featureCodes", roles: STAFF, group: PHONE },
  // SPEC CALL-17: everyone but billing; an extension user sees shared and its own contacts.
  { id: "contacts", label: "nav.contacts", roles: [...STAFF, "extension"], group: PHONE },
  // SPEC CALL-2, CALL-11 (manual: 电话->高级功能->呼叫转移).
  { id: "call-forwards", label: "nav.callForwards", roles: STAFF, group: ADVANCED },
  { id: "blacklist", label: "nav.blacklist", roles: STAFF, group: ADVANCED },
  // SPEC CALL-5 (manual: 电话->高级功能->电话会议).
  { id: "conference-rooms", label: "nav.conferenceRooms", roles: STAFF, group: ADVANCED },
  { id: "voicemail", label: "nav.voicemail", roles: [...STAFF, "extension"], group: ADVANCED },
  // SPEC CALL-3 (manual: 电话->高级功能->跟随); an extension user sets its own.
  { id: "follow-me", label: "nav.followMe", roles: [...STAFF, "extension"], group: ADVANCED },
  // SPEC CALL-4 (manual: 电话->高级功能->叫醒服务); an extension user books its own.
  {
    id: "wakeup-calls",
    label: "nav.wakeupCalls",
    roles: [...STAFF, "extension"],
    group: ADVANCED,
  },
  // SPEC CALL-6 (manual: 电话->高级功能->寻呼与对讲).
  { id: "paging-groups", label: "nav.pagingGroups", roles: STAFF, group: ADVANCED },
  // SPEC CALL-13 (manual: 呼叫队列).
  { id: "queues", label: "nav.queues", roles: STAFF, group: ADVANCED },
  { id: "trunks", label: "nav.trunks", roles: ["admin"], group: ROUTING },
  { id: "outbound-routes", label: "nav.outboundRoutes", roles: ["admin"], group: ROUTING },
  { id: "inbound-routes", label: "nav.inboundRoutes", roles: ["admin"], group: ROUTING },
  { id: "ivrs", label: "nav.ivrs", roles: ["admin"], group: ROUTING },
  { id: "time-conditions", label: "nav.timeConditions", roles: ["admin"], group: ROUTING },
  { id: "dial-permissions", label: "nav.dialPermissions", roles: ["admin"], group: ROUTING },
  { id: "moh", label: "nav.moh", roles: STAFF, group: VOICE_FILES },
  { id: "prompts", label: "nav.prompts", roles: STAFF, group: VOICE_FILES },
  { id: "call-records", label: "nav.callRecords", roles: STAFF, group: REPORTS },
  {
    id: "recordings",
    label: "nav.recordings",
    roles: ["admin", "operator", "extension"],
    group: REPORTS,
  },
  { id: "settings", label: "nav.settings", roles: ["admin"], group: SYSTEM },
  { id: "accounts", label: "nav.accounts", roles: ["admin"], group: SYSTEM },
  { id: "backup", label: "nav.backup", roles: ["admin"], group: SYSTEM },
  { id: "logs", label: "nav.logs", roles: ["admin"], group: SYSTEM },
  // SPEC DEV-4: the manuals name no menu path; it sits with the other System pages.
  { id: "firmware", label: "nav.firmware", roles: ["admin"], group: SYSTEM },
  { id: "billing", label: "nav.billing", roles: BILLERS, group: BILLING },
  { id: "billing-rates", label: "nav.billingRates", roles: BILLERS, group: BILLING },
  { id: "billing-top-ups", label: "nav.billingTopUps", roles: BILLERS, group: BILLING },
  { id: "billing-calls", label: "nav.billingCalls", roles: BILLERS, group: BILLING },
  {
    id: "billing-statistics",
    label: "nav.billingStatistics",
    roles: BILLERS,
    group: BILLING,
  },
  { id: "billing-rate-test", label: "nav.billingRateTest", roles: BILLERS, group: BILLING },
  { id: "billing-settings", label: "nav.billingSettings", roles: BILLERS, group: BILLING },
  {
    id: "password",
    label: "nav.password",
    roles: ["admin", "operator", "billing", "extension"],
    hidden: true,
  },
];

/** The pages a role may open, in menu order. */
export function pagesFor(role: Role): PageEntry[] {
  return PAGES.filter((p) => p.roles.includes(role));
}

/** The pages listed in a role's menu. */
export function menuFor(role: Role): PageEntry[] {
  return pagesFor(role).filter((p) => !p.hidden);
}

/** A role's menu as headed sections, in order: pages under the same heading together. */
export function menuSections(
  role: Role,
): { group?: MenuGroup; sub?: MessageKey; pages: PageEntry[] }[] {
  const sections: { group?: MenuGroup; sub?: MessageKey; pages: PageEntry[] }[] = [];
  for (const page of menuFor(role)) {
    const last = sections.at(-1);
    const sameGroup = last && last.group?.label === page.group?.label && page.group;
    if (sameGroup && last.sub === page.group?.sub) last.pages.push(page);
    else sections.push({ group: page.group, sub: page.group?.sub, pages: [page] });
  }
  return sections;
}

/** The page a hash names, if this role may open it; else the role's home page. */
export function pageFromHash(hash: string, role: Role): PageId {
  const allowed = pagesFor(role);
  const wanted = hash.replace(/^#\/?/, "").split("?")[0];
  return allowed.find((p) => p.id === wanted)?.id ?? HOME[role];
}

/** Where each role starts: staff on the status page, the others on their own page. */
const HOME: Record<Role, PageId> = {
  admin: "status",
  operator: "status",
  billing: "billing",
  extension: "my-extension",
};
