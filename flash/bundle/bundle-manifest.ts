// The OTA bundle's manifest (DESIGN "Platform services": signed bundles, a version floor): what
// the bundle holds and for which board. The signature covers the manifest's exact bytes, and the
// manifest holds the SHA-256 of every payload file, so one signature vouches for everything.

export const BUNDLE_FORMAT = 1;

export type BundleFileRole = "binary" | "rootfs";

/** One payload file, in the order it follows the header. */
export interface BundleFile {
  /** Path inside the slot: "bin/pbx" for the binary, "rootfs/etc/..." for root files. */
  readonly name: string;
  readonly role: BundleFileRole;
  readonly sizeBytes: number;
  /** Lower-case hex SHA-256 of the file. */
  readonly sha256: string;
}

export interface BundleManifest {
  readonly format: typeof BUNDLE_FORMAT;
  /** Firmware version, MAJOR.MINOR.PATCH. */
  readonly version: string;
  /** Devicetree compatible string of the board this firmware runs on ("pbx,sim"). */
  readonly compatible: string;
  /** When the bundle was built (ISO 8601). */
  readonly createdAt: string;
  readonly files: readonly BundleFile[];
}

export type ManifestResult =
  | { readonly ok: true; readonly manifest: BundleManifest }
  | { readonly ok: false; readonly message: string };

const VERSION = /^\d{1,9}\.\d{1,9}\.\d{1,9}$/;
const SHA256 = /^[0-9a-f]{64}$/;
// Relative, no "..", no empty or dot segments: a name can never leave the slot.
const SAFE_NAME = /^(?!.*(^|\/)\.{1,2}(\/|$))[A-Za-z0-9._+@-]+(\/[A-Za-z0-9._+@-]+)*$/;

/** Checks the manifest's shape; a signed manifest that is malformed is still refused. */
export function parseManifest(bytes: Uint8Array): ManifestResult {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, message: "the manifest is not JSON" };
  }
  const m = value as Partial<Record<keyof BundleManifest, unknown>> | null;
  if (typeof m !== "object" || m === null)
    return { ok: false, message: "the manifest is not an object" };
  if (m.format !== BUNDLE_FORMAT)
    return { ok: false, message: `unknown bundle format ${String(m.format)}` };
  if (typeof m.version !== "string" || !VERSION.test(m.version))
    return { ok: false, message: "the manifest's version is not MAJOR.MINOR.PATCH" };
  if (typeof m.compatible !== "string" || m.compatible === "")
    return { ok: false, message: "the manifest names no compatible board" };
  if (typeof m.createdAt !== "string")
    return { ok: false, message: "the manifest has no createdAt" };
  if (!Array.isArray(m.files) || m.files.length === 0)
    return { ok: false, message: "the manifest lists no files" };
  const names = new Set<string>();
  for (const f of m.files as Array<Partial<Record<keyof BundleFile, unknown>>>) {
    if (typeof f?.name !== "string" || !SAFE_NAME.test(f.name) || names.has(f.name))
      return { ok: false, message: `bad or repeated file name ${JSON.stringify(f?.name)}` };
    names.add(f.name);
    if (f.role !== "binary" && f.role !== "rootfs")
      return { ok: false, message: `${f.name}: role must be binary or rootfs` };
    if (typeof f.sizeBytes !== "number" || !Number.isSafeInteger(f.sizeBytes) || f.sizeBytes < 0)
      return { ok: false, message: `${f.name}: bad size` };
    if (typeof f.sha256 !== "string" || !SHA256.test(f.sha256))
      return { ok: false, message: `${f.name}: bad sha256` };
  }
  return { ok: true, manifest: value as BundleManifest };
}

/** Compares MAJOR.MINOR.PATCH versions: negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A version the manifest accepts. */
export function isVersion(text: string): boolean {
  return VERSION.test(text);
}
