// SPEC WEB-3: which pages each role sees. Operator: status, extensions, feature-code help;
// admin: all of that plus system settings and the web accounts; billing: billing only;
// extension user: its own extension. Everyone may change their own password (WEB-1), from the
// top bar rather than the menu. Trunks and routes are the admin's. Pages not yet built (voice
// files, reports...) join this table later.

import type { Role } from "./app-context.ts";
import type { MessageKey } from "./i18n/en.ts";

export type PageId =
  | "status"
  | "connections"
  | "extensions"
  | "analog"
  | "departments"
  | "feature-codes"
  | "settings"
  | "accounts"
  | "password"
  | "my-extension"
  | "billing"
  | "trunks"
  | "outbound-routes"
  | "inbound-routes"
  | "ivrs"
  | "time-conditions"
  | "dial-permissions";

export interface PageEntry {
  id: PageId;
  label: MessageKey;
  roles: readonly Role[];
  /** Opened from the top bar, not listed in the menu. */
  hidden?: boolean;
}

const STAFF: readonly Role[] = ["admin", "operator"];

export const PAGES: readonly PageEntry[] = [
  { id: "status", label: "nav.status", roles: STAFF },
  { id: "connections", label: "nav.connections", roles: STAFF },
  { id: "extensions", label: "nav.extensions", roles: STAFF },
  { id: "analog", label: "nav.analog", roles: STAFF },
  { id: "departments", label: "nav.departments", roles: STAFF },
  { id: "feature-codes", label: "nav.featureCodes", roles: STAFF },
  { id: "settings", label: "nav.settings", roles: ["admin"] },
  { id: "accounts", label: "nav.accounts", roles: ["admin"] },
  { id: "my-extension", label: "nav.myExtension", roles: ["extension"] },
  { id: "billing", label: "nav.billing", roles: ["billing"] },
  { id: "trunks", label: "nav.trunks", roles: ["admin"] },
  { id: "outbound-routes", label: "nav.outboundRoutes", roles: ["admin"] },
  { id: "inbound-routes", label: "nav.inboundRoutes", roles: ["admin"] },
  { id: "ivrs", label: "nav.ivrs", roles: ["admin"] },
  { id: "time-conditions", label: "nav.timeConditions", roles: ["admin"] },
  { id: "dial-permissions", label: "nav.dialPermissions", roles: ["admin"] },
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

/** The page a hash names, if this role may open it; else the role's first page. */
export function pageFromHash(hash: string, role: Role): PageId {
  const allowed = pagesFor(role);
  const wanted = hash.replace(/^#\/?/, "").split("?")[0];
  return (allowed.find((p) => p.id === wanted) ?? allowed[0]!).id;
}
