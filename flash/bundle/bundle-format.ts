// The OTA bundle container: a fixed header, the manifest, its detached signature, then the
// payload files back to back in manifest order. Length-prefixed so the box reads the manifest
// and checks the signature from the first bytes, before it looks at (or writes) any payload.
//
//   "PBXOTA01"                       8 bytes
//   manifest length                  u32 big-endian, then the manifest's UTF-8 JSON
//   signature length                 u32 big-endian (64), then the Ed25519 signature
//   payload 1 .. payload n           sizes and SHA-256 in the manifest
import type { BundleManifest } from "./bundle-manifest.ts";

export const BUNDLE_MAGIC = new TextEncoder().encode("PBXOTA01");
/** A manifest larger than this is not ours: refuse before reading it whole. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;
export const MAX_SIGNATURE_BYTES = 1024;

/** The header's parts and where the payloads start. */
export interface BundleHeader {
  readonly manifestBytes: Uint8Array;
  readonly signature: Uint8Array;
  readonly payloadOffset: number;
}

export type HeaderResult =
  | { readonly ok: true; readonly header: BundleHeader }
  | { readonly ok: false; readonly message: string };

/** Reads the header from the first bytes of a bundle (`read(offset, length)`). */
export async function readBundleHeader(
  read: (offset: number, length: number) => Promise<Uint8Array>,
  totalBytes: number,
): Promise<HeaderResult> {
  const fixed = BUNDLE_MAGIC.length + 4;
  if (totalBytes < fixed) return { ok: false, message: "too short to be a firmware bundle" };
  const start = await read(0, fixed);
  if (!BUNDLE_MAGIC.every((b, i) => start[i] === b))
    return { ok: false, message: "not a firmware bundle" };
  const manifestLength = new DataView(start.buffer, start.byteOffset).getUint32(
    BUNDLE_MAGIC.length,
  );
  if (manifestLength > MAX_MANIFEST_BYTES || fixed + manifestLength + 4 > totalBytes)
    return { ok: false, message: "the manifest length is out of range" };
  const manifestBytes = await read(fixed, manifestLength);
  const sigAt = fixed + manifestLength;
  const sigLengthBytes = await read(sigAt, 4);
  const sigLength = new DataView(sigLengthBytes.buffer, sigLengthBytes.byteOffset).getUint32(0);
  if (sigLength > MAX_SIGNATURE_BYTES || sigAt + 4 + sigLength > totalBytes)
    return { ok: false, message: "the signature length is out of range" };
  const signature = await read(sigAt + 4, sigLength);
  return { ok: true, header: { manifestBytes, signature, payloadOffset: sigAt + 4 + sigLength } };
}

/** The header bytes for a manifest and its signature (the payloads follow). */
export function encodeBundleHeader(manifestBytes: Uint8Array, signature: Uint8Array): Uint8Array {
  const out = new Uint8Array(BUNDLE_MAGIC.length + 4 + manifestBytes.length + 4 + signature.length);
  const view = new DataView(out.buffer);
  out.set(BUNDLE_MAGIC, 0);
  let at = BUNDLE_MAGIC.length;
  view.setUint32(at, manifestBytes.length);
  out.set(manifestBytes, at + 4);
  at += 4 + manifestBytes.length;
  view.setUint32(at, signature.length);
  out.set(signature, at + 4);
  return out;
}

/** Where each payload lies inside the bundle, from the manifest's sizes. */
export function payloadRanges(
  manifest: BundleManifest,
  payloadOffset: number,
): Array<{ name: string; offset: number; sizeBytes: number; sha256: string }> {
  let at = payloadOffset;
  return manifest.files.map((f) => {
    const range = { name: f.name, offset: at, sizeBytes: f.sizeBytes, sha256: f.sha256 };
    at += f.sizeBytes;
    return range;
  });
}
