import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBundle } from "./build-bundle.ts";
import { readBundleHeader } from "./bundle-format.ts";
import { compareVersions } from "./bundle-manifest.ts";
import { importPrivateKeyPem, importPublicKey, publicKeyOf } from "./bundle-signature.ts";
import { DEVELOPMENT_KEY } from "./development-key.ts";
import { VENDOR_PUBLIC_KEY } from "./vendor-key.ts";
import { verifyBundle } from "./verify-bundle.ts";

const dir = mkdtempSync(join(tmpdir(), "pbx-bundle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const devKey = await importPrivateKeyPem(readFileSync(DEVELOPMENT_KEY, "utf8"));
const vendorKey = await importPublicKey(VENDOR_PUBLIC_KEY);
const binary = join(dir, "pbx");
writeFileSync(
  binary,
  new Uint8Array(300_000).map((_, i) => (i * 7) & 0xff),
);
const service = join(dir, "pbx.service");
writeFileSync(service, "[Service]\nExecStart=/usr/bin/pbx\n");

async function bundle(name: string, version = "0.2.0", compatible = "pbx,sim", key = devKey) {
  const out = join(dir, name);
  await buildBundle({
    version,
    compatible,
    privateKey: key,
    out,
    files: [
      { name: "bin/pbx", role: "binary", path: binary },
      { name: "rootfs/etc/systemd/system/pbx.service", role: "rootfs", path: service },
    ],
  });
  return out;
}

const check = (path: string, extra: { installedVersion?: string; force?: boolean } = {}) =>
  verifyBundle(Bun.file(path), {
    publicKey: vendorKey,
    compatible: ["pbx,sim", "pbx,pbx-4s4o"],
    installedVersion: extra.installedVersion ?? "0.1.0",
    ...(extra.force ? { force: true } : {}),
  });

/** A copy of the bundle at `path` with `edit` applied to its bytes. */
function tampered(path: string, name: string, edit: (bytes: Uint8Array) => void): string {
  const bytes = new Uint8Array(readFileSync(path));
  edit(bytes);
  const out = join(dir, name);
  writeFileSync(out, bytes);
  return out;
}

describe("OTA bundle", () => {
  test("the development key is the pair of the public key the firmware trusts", async () => {
    expect(await publicKeyOf(devKey)).toBe(VENDOR_PUBLIC_KEY);
  });

  test("a bundle built and signed with the development key verifies, listing its files", async () => {
    const result = await check(await bundle("good.bundle"));
    if (!result.ok) throw new Error(result.refusal.message);
    expect(result.bundle.manifest).toMatchObject({ version: "0.2.0", compatible: "pbx,sim" });
    expect(result.bundle.manifest.files.map((f) => [f.name, f.role, f.sizeBytes])).toEqual([
      ["bin/pbx", "binary", 300_000],
      ["rootfs/etc/systemd/system/pbx.service", "rootfs", 33],
    ]);
    expect(result.bundle.manifest.files[0]!.sha256).toBe(
      new Bun.CryptoHasher("sha256").update(readFileSync(binary)).digest("hex"),
    );
  });

  test("a changed manifest byte breaks the signature", async () => {
    const good = await bundle("m.bundle");
    const path = tampered(good, "m-tampered.bundle", (b) => {
      const text = new TextDecoder().decode(b.subarray(0, 400));
      const at = text.indexOf('"0.2.0"');
      b[at + 1] = "9".charCodeAt(0);
    });
    const result = await check(path);
    expect(result.ok ? "" : result.refusal.code).toBe("bad-signature");
  });

  test("a changed payload byte is caught by its SHA-256", async () => {
    const good = await bundle("p.bundle");
    const path = tampered(good, "p-tampered.bundle", (b) => {
      b[b.length - 100_000]! ^= 0x01;
    });
    const result = await check(path);
    expect(result.ok ? "" : result.refusal).toMatchObject({
      code: "bad-payload",
      message: "bin/pbx does not match its SHA-256 in the manifest",
    });
  });

  test("a truncated bundle and a stranger's file are refused", async () => {
    const good = await bundle("t.bundle");
    const cut = join(dir, "cut.bundle");
    writeFileSync(cut, readFileSync(good).subarray(0, 2000));
    expect(((await check(cut)) as { refusal: { code: string } }).refusal.code).toBe("bad-payload");
    const stranger = join(dir, "stranger.bin");
    writeFileSync(stranger, "#!/bin/sh\necho hello\n");
    expect(((await check(stranger)) as { refusal: { code: string } }).refusal.code).toBe(
      "not-a-bundle",
    );
  });

  test("a bundle signed with another key is refused", async () => {
    const other = (await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
      "sign",
      "verify",
    ])) as CryptoKeyPair;
    const result = await check(await bundle("k.bundle", "0.2.0", "pbx,sim", other.privateKey));
    expect(result.ok ? "" : result.refusal.code).toBe("bad-signature");
  });

  test("a bundle for another board is refused, naming both", async () => {
    const result = await check(await bundle("b.bundle", "0.2.0", "pbx,pbx-a53-4s4o"));
    expect(result.ok ? "" : result.refusal).toEqual({
      code: "wrong-board",
      message: "the bundle is for board pbx,pbx-a53-4s4o, this box is pbx,sim, pbx,pbx-4s4o",
    });
  });

  test("an older version is refused unless forced; the same version is accepted", async () => {
    const older = await bundle("old.bundle", "0.0.9");
    const result = await check(older);
    expect(result.ok ? "" : result.refusal).toEqual({
      code: "downgrade",
      message: "version 0.0.9 is older than the installed 0.1.0",
    });
    expect((await check(older, { force: true })).ok).toBe(true);
    expect((await check(await bundle("same.bundle", "0.1.0"))).ok).toBe(true);
  });

  test("the header gives the manifest without reading the payloads", async () => {
    const good = await bundle("h.bundle");
    const file = Bun.file(good);
    const reads: number[] = [];
    const header = await readBundleHeader(async (offset, length) => {
      reads.push(offset + length);
      return new Uint8Array(await file.slice(offset, offset + length).arrayBuffer());
    }, file.size);
    expect(header.ok).toBe(true);
    expect(Math.max(...reads)).toBeLessThan(2000);
  });

  test("versions compare numerically", () => {
    expect(compareVersions("0.10.0", "0.9.9")).toBeGreaterThan(0);
    expect(compareVersions("1.0.0", "1.0.0")).toBe(0);
    expect(compareVersions("1.2.3", "1.3.0")).toBeLessThan(0);
  });
});
