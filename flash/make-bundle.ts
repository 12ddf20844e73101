// `bun flash/make-bundle.ts`: builds a signed OTA bundle (DESIGN "Platform services") from a
// built binary and, optionally, the files of rootfs/. Signed with the development key unless
// --key names another PKCS #8 PEM Ed25519 key.
//
//   bun flash/make-bundle.ts --binary dist/pbx-linux-arm64 --version 0.2.0 \
//     --compatible pbx,pbx-a53-4s4o [--rootfs rootfs] [--key key.pem] --out pbx-0.2.0.bundle
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { type BundleInput, buildBundle } from "./bundle/build-bundle.ts";
import { importPrivateKeyPem } from "./bundle/bundle-signature.ts";
import { DEVELOPMENT_KEY } from "./bundle/development-key.ts";
import { flags } from "./cli-flags.ts";

/** Every regular file under `dir`, as rootfs payloads named after their target path. */
export function rootfsInputs(dir: string): BundleInput[] {
  const out: BundleInput[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at).sort()) {
      const path = join(at, entry);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile())
        out.push({ name: `rootfs/${relative(dir, path)}`, role: "rootfs", path });
    }
  };
  walk(dir);
  return out;
}

async function main(argv: readonly string[]): Promise<number> {
  const given = flags(argv);
  const binary = given.get("binary");
  const version = given.get("version");
  const compatible = given.get("compatible");
  const out = given.get("out");
  if (!binary || !version || !compatible || !out) {
    console.error(
      "usage: make-bundle --binary FILE --version X.Y.Z --compatible VENDOR,MODEL --out FILE [--rootfs DIR] [--key PEM]",
    );
    return 2;
  }
  const rootfs = given.get("rootfs");
  const files: BundleInput[] = [
    { name: "bin/pbx", role: "binary", path: binary },
    ...(rootfs ? rootfsInputs(rootfs) : []),
  ];
  const privateKey = await importPrivateKeyPem(
    readFileSync(given.get("key") ?? DEVELOPMENT_KEY, "utf8"),
  );
  const manifest = await buildBundle({ version, compatible, files, privateKey, out });
  const bytes = statSync(out).size;
  console.log(
    `${out}: firmware ${manifest.version} for ${manifest.compatible}, ${manifest.files.length} files, ${bytes} bytes`,
  );
  return 0;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
