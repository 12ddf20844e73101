// The firmware slot contract on both backends: a directory (the simulated board) and an ext4
// partition, here a loop device over an image file made by the test (root, util-linux's
// losetup and mount, e2fsprogs' mkfs.ext4: all on the machines the tests run on).
import { afterAll } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { requirePeer, run } from "../../test/support/peers.ts";
import { DirectorySlot } from "./directory-slot.ts";
import { firmwareSlotContract } from "./firmware-slot.contract.ts";
import { PartitionSlot } from "./partition-slot.ts";

const dir = mkdtempSync(join(tmpdir(), "pbx-slots-"));
const loops: string[] = [];
afterAll(async () => {
  for (const loop of loops) await run(["losetup", "-d", loop]);
  rmSync(dir, { recursive: true, force: true });
});
let n = 0;

/** Every file under `root` (relative path -> text), lost+found aside. */
function filesUnder(root: string): Record<string, string> {
  if (!existsSync(root)) return {};
  const files: Record<string, string> = {};
  for (const name of readdirSync(root, { recursive: true }).map(String)) {
    const path = join(root, name);
    if (name.startsWith("lost+found") || !statSync(path).isFile()) continue;
    files[relative(root, path)] = readFileSync(path, "utf8");
  }
  return files;
}

firmwareSlotContract("a directory (simulated board)", () => {
  const location = join(dir, `slot-${n++}`);
  return { slot: new DirectorySlot(location), contents: async () => filesUnder(location) };
});

firmwareSlotContract("an ext4 partition (a loop device)", async () => {
  requirePeer("losetup", "mount");
  requirePeer("mkfs.ext4", "e2fsprogs");
  const device = await attach(join(dir, `flash-${n++}.img`));
  return {
    slot: new PartitionSlot(device),
    contents: async () => {
      const look = mkdtempSync(join(dir, "look-"));
      // A slot never formatted has nothing to show.
      if ((await run(["mount", "-t", "ext4", "-o", "ro", device, look])).code !== 0) return {};
      try {
        return filesUnder(look);
      } finally {
        await mustRun(["umount", look]);
      }
    },
  };
});

async function attach(image: string): Promise<string> {
  await mustRun(["truncate", "-s", "16M", image]);
  const attached = await mustRun(["losetup", "--find", "--show", image]);
  const loop = attached.trim();
  loops.push(loop);
  return loop;
}

async function mustRun(argv: string[]): Promise<string> {
  const done = await run(argv);
  if (done.code !== 0) throw new Error(`${argv.join(" ")}: ${done.stderr}`);
  return done.stdout;
}
