// Writes a signed bundle (bundle-format.ts) from payload files on disk: hashes each file,
// signs the manifest, then appends the files after the header without loading them whole.

import { createWriteStream } from "node:fs";
import { encodeBundleHeader } from "./bundle-format.ts";
import {
  BUNDLE_FORMAT,
  type BundleFileRole,
  type BundleManifest,
  isVersion,
} from "./bundle-manifest.ts";
import { signManifest } from "./bundle-signature.ts";
import { streamChunks } from "./stream-chunks.ts";

export interface BundleInput {
  /** Name inside the slot ("bin/pbx", "rootfs/etc/systemd/system/pbx.service"). */
  readonly name: string;
  readonly role: BundleFileRole;
  /** The file on the build machine. */
  readonly path: string;
}

export interface BuildBundleOptions {
  readonly version: string;
  readonly compatible: string;
  readonly files: readonly BundleInput[];
  readonly privateKey: CryptoKey;
  readonly out: string;
  readonly createdAt?: Date;
}

/** Builds the bundle at `o.out` and returns its manifest. */
export async function buildBundle(o: BuildBundleOptions): Promise<BundleManifest> {
  if (!isVersion(o.version)) throw new Error(`version ${o.version} is not MAJOR.MINOR.PATCH`);
  const files = [];
  for (const f of o.files) {
    const hash = new Bun.CryptoHasher("sha256");
    const file = Bun.file(f.path);
    for await (const chunk of streamChunks(file.stream())) hash.update(chunk);
    files.push({ name: f.name, role: f.role, sizeBytes: file.size, sha256: hash.digest("hex") });
  }
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: o.version,
    compatible: o.compatible,
    createdAt: (o.createdAt ?? new Date()).toISOString(),
    files,
  };
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest, null, 2));
  const signature = await signManifest(o.privateKey, manifestBytes);
  const out = createWriteStream(o.out);
  const write = (chunk: Uint8Array) =>
    new Promise<void>((done, fail) => out.write(chunk, (e) => (e ? fail(e) : done())));
  await write(encodeBundleHeader(manifestBytes, signature));
  for (const f of o.files)
    for await (const chunk of streamChunks(Bun.file(f.path).stream())) await write(chunk);
  await new Promise<void>((done, fail) => out.end((e?: Error | null) => (e ? fail(e) : done())));
  return manifest;
}
