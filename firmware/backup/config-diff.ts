// SPEC DEV-7: the dry-run report of a restore. Both databases (the box's and the backup's,
// migrated to this firmware's schema) are read, never written; each area's rows are matched by
// what the admin knows them by (extension number, trunk name, route name, setting key...), with
// the ids that join tables turned into those names, so a change shows as the admin made it.
// Secret values (SIP passwords, password hashes, route PINs, the SMTP and telemetry settings)
// are reported as changed without their values.
import type { Database } from "bun:sqlite";
import type { BackupContents } from "./backup-manifest.ts";

/** One field of one row that differs. */
export interface FieldChange {
  field: string;
  from?: unknown;
  to?: unknown;
  /** The values are secrets: only the fact of a change is shown. */
  secret?: true;
}

/** What a restore would do to one area. */
export interface AreaDiff {
  area: string;
  added: string[];
  removed: string[];
  changed: { key: string; fields: FieldChange[] }[];
}

/** The whole dry run: every area, and the parts the backup leaves as they are on the box. */
export interface RestoreReport {
  areas: AreaDiff[];
  /** "voiceFiles", "records": not in the backup, kept from the box. */
  keptFromBox: (keyof BackupContents)[];
  /** Added + removed + changed rows over all areas: 0 when the backup equals the box. */
  differences: number;
}

interface AreaSpec {
  area: string;
  /** Rows with a `key` column; other columns are compared. */
  query: string;
  omit?: string[];
  secret?: string[];
  /** Settings whose whole value is secret, by key. */
  secretKeys?: string[];
}

const STAMPS = ["id", "created_at", "updated_at"];

const CONFIG_AREAS: AreaSpec[] = [
  {
    area: "extensions",
    query:
      "SELECT e.number AS key, e.*, d.number AS department FROM extensions e " +
      "LEFT JOIN departments d ON d.id = e.department_id",
    omit: [...STAMPS, "number", "department_id", "ha1_md5", "ha1_sha256"],
    secret: ["sip_password", "voicemail_pin"],
  },
  {
    area: "analogExtensions",
    query:
      "SELECT a.number AS key, a.*, d.number AS department FROM analog_extensions a " +
      "LEFT JOIN departments d ON d.id = a.department_id",
    omit: [...STAMPS, "number", "department_id"],
  },
  {
    area: "departments",
    query: "SELECT number AS key, * FROM departments",
    omit: [...STAMPS, "number"],
  },
  {
    area: "trunks",
    query: "SELECT name AS key, * FROM trunks",
    omit: [...STAMPS, "name"],
    secret: ["password"],
  },
  {
    area: "outboundRoutes",
    query:
      "SELECT o.name AS key, o.*, (SELECT json_group_array(coalesce(t.name, j.value) ORDER BY j.key) " +
      "FROM json_each(o.trunk_ids) j LEFT JOIN trunks t ON t.id = j.value) AS trunks FROM outbound_routes o",
    omit: [...STAMPS, "name", "trunk_ids"],
    secret: ["pins"],
  },
  {
    area: "inboundRoutes",
    query:
      "SELECT i.name AS key, i.*, t.name AS trunk FROM inbound_routes i LEFT JOIN trunks t ON t.id = i.trunk_id",
    omit: [...STAMPS, "name", "trunk_id"],
  },
  { area: "ivrs", query: "SELECT name AS key, * FROM ivrs", omit: [...STAMPS, "name"] },
  {
    area: "timeConditions",
    query: "SELECT name AS key, * FROM time_conditions",
    omit: [...STAMPS, "name"],
  },
  {
    area: "dialPermissions",
    query: "SELECT name AS key, * FROM dial_permissions",
    omit: [...STAMPS, "name"],
  },
  { area: "tollFuses", query: "SELECT extension AS key, * FROM toll_fuses", omit: ["extension"] },
  {
    area: "accounts",
    query: "SELECT username AS key, * FROM accounts",
    omit: [...STAMPS, "username"],
    secret: ["password_hash"],
  },
  {
    area: "settings",
    query: "SELECT key, value FROM settings",
    secretKeys: ["smtp", "telemetry"],
  },
  {
    area: "billingAccounts",
    query: "SELECT extension AS key, * FROM billing_accounts",
    omit: ["extension"],
  },
  {
    area: "rateRules",
    query:
      "SELECT prefix || ' / ' || number_length || CASE remark WHEN '' THEN '' ELSE ' ' || remark END AS key, * " +
      "FROM rate_rules ORDER BY id",
    omit: STAMPS,
  },
  {
    area: "contacts",
    query: "SELECT coalesce(owner, 'shared') || ' / ' || name AS key, * FROM contacts ORDER BY id",
    omit: [...STAMPS, "name", "owner"],
  },
];

const VOICE_AREAS: AreaSpec[] = [
  {
    area: "mohClasses",
    query: "SELECT name AS key, * FROM moh_classes",
    omit: [...STAMPS, "name"],
  },
  {
    area: "mohFiles",
    query:
      "SELECT c.name || '/' || f.name AS key, f.* FROM moh_files f JOIN moh_classes c ON c.id = f.class_id",
    omit: [...STAMPS, "name", "class_id"],
  },
  {
    area: "customPrompts",
    query: "SELECT name AS key, * FROM custom_prompts",
    omit: [...STAMPS, "name"],
  },
];

const RECORD_COUNTS = [
  ["callRecords", "call_records"],
  ["recordings", "recordings"],
  ["billingTopUps", "billing_top_ups"],
  ["billingCharges", "billing_charges"],
  ["voicemailMessages", "voicemail_messages"],
] as const;

/** Compares the box's database with a backup's; reads both, writes neither. */
export function diffConfigurations(
  live: Database,
  backup: Database,
  contents: BackupContents,
): RestoreReport {
  const areas = [...CONFIG_AREAS, ...(contents.voiceFiles ? VOICE_AREAS : [])].map((spec) =>
    diffArea(spec, rowsOf(live, spec), rowsOf(backup, spec)),
  );
  if (contents.records) areas.push(recordCounts(live, backup));
  const keptFromBox = (["voiceFiles", "records"] as const).filter((part) => !contents[part]);
  const differences = areas.reduce(
    (n, a) => n + a.added.length + a.removed.length + a.changed.length,
    0,
  );
  return { areas, keptFromBox, differences };
}

type Row = Record<string, unknown>;

function rowsOf(db: Database, spec: AreaSpec): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const row of db.query<Row, []>(spec.query).all()) {
    // Rows without a unique name (contacts, rate rules) are told apart by their order.
    let key = String(row.key);
    for (let n = 2; rows.has(key); n++) key = `${row.key} #${n}`;
    rows.set(key, row);
  }
  return rows;
}

function diffArea(spec: AreaSpec, live: Map<string, Row>, backup: Map<string, Row>): AreaDiff {
  const omit = new Set(["key", ...(spec.omit ?? [])]);
  const secret = new Set(spec.secret ?? []);
  const diff: AreaDiff = { area: spec.area, added: [], removed: [], changed: [] };
  for (const key of live.keys()) if (!backup.has(key)) diff.removed.push(key);
  for (const [key, restored] of backup) {
    const now = live.get(key);
    if (!now) {
      diff.added.push(key);
      continue;
    }
    const fields: FieldChange[] = [];
    for (const column of Object.keys(restored)) {
      if (omit.has(column) || now[column] === restored[column]) continue;
      const field = camelCase(column);
      if (secret.has(column) || spec.secretKeys?.includes(key))
        fields.push({ field, secret: true });
      else fields.push({ field, from: now[column], to: restored[column] });
    }
    if (fields.length > 0) diff.changed.push({ key, fields });
  }
  return diff;
}

function recordCounts(live: Database, backup: Database): AreaDiff {
  const count = (db: Database, table: string) =>
    db.query<{ n: number }, []>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? 0;
  const changed = RECORD_COUNTS.flatMap(([key, table]) => {
    const [from, to] = [count(live, table), count(backup, table)];
    return from === to ? [] : [{ key, fields: [{ field: "rows", from, to }] }];
  });
  return { area: "records", added: [], removed: [], changed };
}

function camelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
