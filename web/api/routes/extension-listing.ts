// SPEC EXT-2 list, as the extensions page shows it: each extension with where its phones
// registered from and which phone model they are (read from the registration's User-Agent,
// RFC 3261 section 20.41), sortable by any column the page shows. The firmware pages in
// number order; another order needs the whole match set sorted here, which is fine for the
// few hundred extensions of a site.
import type { ApiServices, ExtensionRecord } from "../services.ts";

export const SORT_COLUMNS = [
  "number",
  "displayName",
  "email",
  "department",
  "quickCode",
  "address",
  "model",
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** One registered phone of an extension, as the list shows it. */
export interface RegisteredPhone {
  /** "address:port" the REGISTER came from. */
  address: string;
  transport: string;
  userAgent: string;
  model: string;
}

export type ListedExtension = ExtensionRecord & { registrations: RegisteredPhone[] };

export interface ListQuery {
  search?: string;
  offset: number;
  limit: number;
  sort?: SortColumn;
  descending?: boolean;
}

const ALL = 500;
const collator = new Intl.Collator("zh", { numeric: true, sensitivity: "base" });

/** A page of extensions with their registrations, in the asked order. */
export function listExtensions(
  services: Pick<ApiServices, "extensions" | "registrar" | "departments">,
  query: ListQuery,
): { items: ListedExtension[]; total: number } {
  const { extensions } = services;
  const byNumber = registrationsByExtension(services);
  const withPhones = (e: ExtensionRecord): ListedExtension => ({
    ...e,
    registrations: byNumber.get(e.number) ?? [],
  });
  if (query.sort === undefined || (query.sort === "number" && !query.descending)) {
    const page = extensions.list(query);
    return { items: page.items.map(withPhones), total: page.total };
  }
  const all: ListedExtension[] = [];
  let total = 0;
  for (let offset = 0; ; offset += ALL) {
    const page = extensions.list({ search: query.search, offset, limit: ALL });
    all.push(...page.items.map(withPhones));
    total = page.total;
    if (offset + ALL >= page.total) break;
  }
  const departmentNames = new Map(services.departments.list().map((d) => [d.id, d.name]));
  const key = sortKey(query.sort, departmentNames);
  const direction = query.descending ? -1 : 1;
  all.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    // Empty cells go last whichever the direction, so the filled ones are seen first.
    if (ka === "" || kb === "") return ka === kb ? 0 : ka === "" ? 1 : -1;
    return direction * collator.compare(ka, kb) || collator.compare(a.number, b.number);
  });
  return { items: all.slice(query.offset, query.offset + query.limit), total };
}

function sortKey(
  column: SortColumn,
  departmentNames: Map<number, string>,
): (e: ListedExtension) => string {
  switch (column) {
    case "number":
    case "displayName":
    case "email":
      return (e) => e[column];
    case "quickCode":
      return (e) => e.quickCode ?? "";
    case "department":
      return (e) => (e.departmentId === null ? "" : (departmentNames.get(e.departmentId) ?? ""));
    case "address":
      return (e) => e.registrations[0]?.address ?? "";
    case "model":
      return (e) => e.registrations[0]?.model ?? "";
  }
}

function registrationsByExtension(
  services: Pick<ApiServices, "registrar">,
): Map<string, RegisteredPhone[]> {
  const out = new Map<string, RegisteredPhone[]>();
  for (const r of services.registrar.registrations()) {
    const list = out.get(r.extension) ?? [];
    list.push({
      address: r.source,
      transport: r.transport,
      userAgent: r.userAgent,
      model: phoneModel(r.userAgent),
    });
    out.set(r.extension, list);
  }
  return out;
}

/**
 * The phone's make and model from its User-Agent: the product tokens before the first
 * version ("Yealink SIP-T46S 66.86.0.15" is "Yealink SIP-T46S", "Linphone/5.0 (belle-sip)"
 * is "Linphone", "baresip v1.0.0 (x86_64/Linux)" is "baresip").
 */
export function phoneModel(userAgent: string): string {
  const words: string[] = [];
  for (const token of userAgent.trim().split(/\s+/)) {
    if (token === "" || token.startsWith("(")) break;
    if (/^v?[0-9]/i.test(token) && words.length > 0) break;
    const [product, version] = token.split("/", 2);
    if (product) words.push(product);
    if (version !== undefined) break;
  }
  return words.join(" ");
}
