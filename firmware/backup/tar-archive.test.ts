import { afterEach, describe, expect, test } from "bun:test";
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listTar, readEntry, TarError, writeTar } from "./tar-archive.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function archiveOf(inputs: Parameters<typeof writeTar>[1]): string {
  const dir = mkdtempSync(join(tmpdir(), "pbx-tar-"));
  dirs.push(dir);
  const path = join(dir, "a.tar");
  const fd = openSync(path, "w");
  writeTar(fd, inputs, Date.UTC(2026, 0, 1));
  closeSync(fd);
  return path;
}

function contents(path: string, entry: ReturnType<typeof listTar>[number]): string {
  const chunks: Uint8Array[] = [];
  readEntry(path, entry, (c) => chunks.push(c.slice()));
  return Buffer.concat(chunks).toString();
}

describe("ustar archive", () => {
  test("members written from bytes and from files read back the same, in order", () => {
    const dir = mkdtempSync(join(tmpdir(), "pbx-tar-src-"));
    dirs.push(dir);
    writeFileSync(join(dir, "f.wav"), "x".repeat(1500));
    const long = `recordings/${"d".repeat(90)}/${"n".repeat(60)}.wav`;
    const path = archiveOf([
      { name: "manifest.json", bytes: new TextEncoder().encode("{}") },
      { name: "moh/default/f.wav", file: join(dir, "f.wav") },
      { name: long, bytes: new TextEncoder().encode("long") },
    ]);
    const entries = listTar(path);
    expect(entries.map((e) => [e.name, e.size])).toEqual([
      ["manifest.json", 2],
      ["moh/default/f.wav", 1500],
      [long, 4],
    ]);
    expect(contents(path, entries[1]!)).toBe("x".repeat(1500));
    expect(contents(path, entries[2]!)).toBe("long");
  });

  test("the system's tar lists what we write", () => {
    const path = archiveOf([{ name: "voice/a b.txt", bytes: new TextEncoder().encode("hi") }]);
    const listed = Bun.spawnSync(["tar", "-tvf", path]);
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout.toString()).toContain("voice/a b.txt");
  });

  test("a cut-short archive is refused, wherever it was cut", () => {
    const path = archiveOf([{ name: "pbx.db", bytes: new Uint8Array(3000).fill(7) }]);
    const whole = readFileSync(path);
    for (const cut of [100, 700, 3000, whole.length - 600]) {
      writeFileSync(path, whole.subarray(0, cut));
      expect(() => listTar(path)).toThrow(TarError);
    }
    truncateSync(path, 0);
    expect(() => listTar(path)).toThrow(TarError);
  });

  test("a damaged header or a file that is not an archive is refused", () => {
    const path = archiveOf([{ name: "pbx.db", bytes: new Uint8Array(10) }]);
    const bytes = readFileSync(path);
    bytes[3] = 0x41; // inside the name: the checksum no longer matches
    writeFileSync(path, bytes);
    expect(() => listTar(path)).toThrow(/damaged archive header/);
    writeFileSync(path, "PK\u0003\u0004 a zip file, not a tar".padEnd(2048, " "));
    expect(() => listTar(path)).toThrow(TarError);
  });
});
