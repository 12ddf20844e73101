// SPEC DEV-7: the manifest at the head of every backup archive (manifest.json): which box and
// firmware wrote it, the schema it is at, what it holds, and each member's size and SHA-256 so
// a damaged or cut-short file is refused before anything is changed.
import { z } from "zod";

export const BACKUP_FORMAT = 1;
export const MANIFEST_NAME = "manifest.json";
export const DATABASE_NAME = "pbx.db";

/** The optional parts; the configuration is always in. */
export interface BackupContents {
  voiceFiles: boolean;
  records: boolean;
}

/** Who is writing or reading a backup: the manifest's identity fields. */
export interface BoxIdentity {
  firmwareVersion: string;
  /** The board definition's name (bsp/): "sim", "pbx-a53-4s4o"... */
  board: string;
  model: string;
}

const MEMBER = z.strictObject({
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const MANIFEST = z.object({
  format: z.number().int(),
  firmwareVersion: z.string(),
  board: z.string(),
  model: z.string(),
  /** Every migration applied to the database, oldest first. */
  schema: z.array(z.string()),
  createdAtMs: z.number().int(),
  contents: z.strictObject({
    config: z.literal(true),
    voiceFiles: z.boolean(),
    records: z.boolean(),
  }),
  files: z.record(z.string(), MEMBER),
});

export type BackupManifest = z.infer<typeof MANIFEST>;

/** The manifest, or why the text is not one. */
export function parseManifest(
  text: string,
): { ok: true; manifest: BackupManifest } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: "its manifest is not JSON" };
  }
  const parsed = MANIFEST.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `its manifest is not valid (${issue?.path.join(".")}: ${issue?.message})`,
    };
  }
  if (parsed.data.format > BACKUP_FORMAT)
    return {
      ok: false,
      reason: `it is in backup format ${parsed.data.format}, newer than this firmware reads (${BACKUP_FORMAT})`,
    };
  return { ok: true, manifest: parsed.data };
}
