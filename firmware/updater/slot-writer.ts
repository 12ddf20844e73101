// Writes a verified bundle into a slot directory (the simulated board's slots): every payload
// is copied to `<slot>.part/`, hashed while it is written and compared with the manifest again
// (the file may have changed since it was verified), and only then does `.part` replace the
// slot. A cut or a mismatch leaves the old slot as it was.

import {
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { streamChunks } from "../../flash/bundle/stream-chunks.ts";
import type { VerifiedBundle } from "../../flash/bundle/verify-bundle.ts";

export type WriteResult = { ok: true } | { ok: false; message: string };

/** Copies the payloads of `bundle` (read from `file`) into `slotDir`. */
export async function writeSlot(
  file: Blob,
  bundle: VerifiedBundle,
  slotDir: string,
): Promise<WriteResult> {
  if (slotDir.startsWith("/dev/"))
    return { ok: false, message: `writing a partition slot (${slotDir}) is not supported yet` };
  const part = `${slotDir}.part`;
  rmSync(part, { recursive: true, force: true });
  try {
    for (const p of bundle.payloads) {
      const target = join(part, p.name);
      mkdirSync(dirname(target), { recursive: true });
      const hash = new Bun.CryptoHasher("sha256");
      const out = createWriteStream(target, { mode: p.name === "bin/pbx" ? 0o755 : 0o644 });
      const write = (chunk: Uint8Array) =>
        new Promise<void>((done, fail) => out.write(chunk, (e) => (e ? fail(e) : done())));
      for await (const chunk of streamChunks(
        file.slice(p.offset, p.offset + p.sizeBytes).stream(),
      )) {
        hash.update(chunk);
        await write(chunk);
      }
      await new Promise<void>((done, fail) =>
        out.end((e?: Error | null) => (e ? fail(e) : done())),
      );
      if (hash.digest("hex") !== p.sha256) {
        rmSync(part, { recursive: true, force: true });
        return { ok: false, message: `${p.name} changed while it was written` };
      }
    }
    writeFileSync(join(part, "manifest.json"), bundle.manifestBytes);
    writeFileSync(join(part, "manifest.sig"), bundle.signature);
    rmSync(slotDir, { recursive: true, force: true });
    mkdirSync(dirname(slotDir), { recursive: true });
    renameSync(part, slotDir);
    return { ok: true };
  } catch (error) {
    rmSync(part, { recursive: true, force: true });
    return { ok: false, message: `the slot could not be written: ${String(error)}` };
  }
}

/** True when the slot holds anything (a slot never written is empty). */
export function slotWritten(slotDir: string): boolean {
  return existsSync(join(slotDir, "manifest.json"));
}
