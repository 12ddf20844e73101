// Checks a whole bundle before anything is written (DESIGN "Platform services": verify before
// write): the container, the Ed25519 signature over the manifest, the board, the version floor,
// then the SHA-256 of every payload, read in chunks so a large binary is never held in memory.
// Used by the box's updater on an uploaded file and by the build tool's own check.

import { payloadRanges, readBundleHeader } from "./bundle-format.ts";
import { type BundleManifest, compareVersions, parseManifest } from "./bundle-manifest.ts";
import { verifyManifest } from "./bundle-signature.ts";

/** What the refusal is about; the API names it as the field. */
export type BundleRefusalCode =
  | "not-a-bundle"
  | "bad-signature"
  | "bad-manifest"
  | "wrong-board"
  | "downgrade"
  | "bad-payload";

export interface BundleRefusal {
  readonly code: BundleRefusalCode;
  readonly message: string;
}

export interface VerifiedBundle {
  readonly manifest: BundleManifest;
  readonly manifestBytes: Uint8Array;
  readonly signature: Uint8Array;
  readonly payloads: ReadonlyArray<{
    name: string;
    offset: number;
    sizeBytes: number;
    sha256: string;
  }>;
}

export type VerifyResult =
  | { readonly ok: true; readonly bundle: VerifiedBundle }
  | { readonly ok: false; readonly refusal: BundleRefusal };

export interface VerifyOptions {
  readonly publicKey: CryptoKey;
  /** The running board's devicetree compatible strings. */
  readonly compatible: readonly string[];
  /** The installed firmware's version: a lower one is refused unless `force`. */
  readonly installedVersion: string;
  readonly force?: boolean;
}

const CHUNK_BYTES = 1024 * 1024;

const refuse = (code: BundleRefusalCode, message: string): VerifyResult => ({
  ok: false,
  refusal: { code, message },
});

/** Verifies the bundle in `file` (a Bun.file or any Blob). */
export async function verifyBundle(file: Blob, o: VerifyOptions): Promise<VerifyResult> {
  const read = async (offset: number, length: number) =>
    new Uint8Array(await file.slice(offset, offset + length).arrayBuffer());
  const header = await readBundleHeader(read, file.size);
  if (!header.ok) return refuse("not-a-bundle", header.message);
  const { manifestBytes, signature, payloadOffset } = header.header;
  // The signature first: nothing an attacker wrote is trusted before it holds.
  if (!(await verifyManifest(o.publicKey, manifestBytes, signature)))
    return refuse("bad-signature", "the bundle's signature does not match the vendor key");
  const parsed = parseManifest(manifestBytes);
  if (!parsed.ok) return refuse("bad-manifest", parsed.message);
  const manifest = parsed.manifest;
  if (!o.compatible.includes(manifest.compatible))
    return refuse(
      "wrong-board",
      `the bundle is for board ${manifest.compatible}, this box is ${o.compatible.join(", ")}`,
    );
  if (!o.force && compareVersions(manifest.version, o.installedVersion) < 0)
    return refuse(
      "downgrade",
      `version ${manifest.version} is older than the installed ${o.installedVersion}`,
    );
  const payloads = payloadRanges(manifest, payloadOffset);
  const end = payloads.reduce((at, p) => at + p.sizeBytes, payloadOffset);
  if (end !== file.size)
    return refuse(
      "bad-payload",
      `the payloads take ${end - payloadOffset} bytes, the bundle holds ${file.size - payloadOffset}`,
    );
  for (const p of payloads) {
    const hash = new Bun.CryptoHasher("sha256");
    for (let at = 0; at < p.sizeBytes; at += CHUNK_BYTES)
      hash.update(await read(p.offset + at, Math.min(CHUNK_BYTES, p.sizeBytes - at)));
    if (hash.digest("hex") !== p.sha256)
      return refuse("bad-payload", `${p.name} does not match its SHA-256 in the manifest`);
  }
  return { ok: true, bundle: { manifest, manifestBytes, signature, payloads } };
}
