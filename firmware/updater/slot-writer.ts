// Writes a verified bundle into a firmware slot (a directory on the simulated board, a
// partition on the real one; `board/firmware-slot`): every payload is written into the
// directory the slot gives, hashed while it is written and compared with the manifest again
// (the file may have changed since it was verified), and only then is the slot committed. A
// cut or a mismatch never leaves a slot the box would boot: the updater points U-Boot at it
// only after this succeeds.

import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { FirmwareSlot } from "../../board/firmware-slot/firmware-slot.ts";
import { streamChunks } from "../../flash/bundle/stream-chunks.ts";
import type { VerifiedBundle } from "../../flash/bundle/verify-bundle.ts";

export type WriteResult = { ok: true } | { ok: false; message: string };

/** Copies the payloads of `bundle` (read from `file`) into `slot`. */
export async function writeSlot(
  file: Blob,
  bundle: VerifiedBundle,
  slot: FirmwareSlot,
): Promise<WriteResult> {
  try {
    const part = await slot.begin();
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
        await slot.abort();
        return { ok: false, message: `${p.name} changed while it was written` };
      }
    }
    writeFileSync(join(part, "manifest.json"), bundle.manifestBytes);
    writeFileSync(join(part, "manifest.sig"), bundle.signature);
    await slot.commit();
    return { ok: true };
  } catch (error) {
    await slot.abort().catch(() => {});
    return { ok: false, message: `the slot could not be written: ${String(error)}` };
  }
}
