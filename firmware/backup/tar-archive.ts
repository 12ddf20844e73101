// POSIX.1-1988 "ustar" archives (IEEE Std 1003.1, pax "ustar Interchange Format"): the backup
// file is one, so `tar -tf` lists it on any PC. Written and read in chunks through file
// descriptors, never whole in memory: a backup with recordings can be larger than the board's
// RAM. Only regular files are written; reading refuses anything a truncated or damaged file
// shows (bad checksum, an entry running past the end, a missing end-of-archive marker).
import { closeSync, fstatSync, openSync, readSync, writeSync } from "node:fs";

const BLOCK = 512;
const CHUNK_BYTES = 1024 * 1024;

/** One member to write: its name in the archive and where its bytes come from. */
export type TarInput = { name: string; bytes: Uint8Array } | { name: string; file: string };

/** One member read back: where its bytes sit in the archive file. */
export interface TarEntry {
  name: string;
  size: number;
  /** Byte offset of the member's data in the archive file. */
  offset: number;
}

/** Why an archive could not be read. */
export class TarError extends Error {
  override name = "TarError";
}

/** Writes `inputs` as a ustar archive to the open descriptor `fd`; returns the bytes written. */
export function writeTar(fd: number, inputs: Iterable<TarInput>, mtimeMs: number): number {
  let written = 0;
  const put = (bytes: Uint8Array) => {
    let at = 0;
    while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
    written += bytes.length;
  };
  for (const input of inputs) {
    if ("bytes" in input) {
      put(header(input.name, input.bytes.length, mtimeMs));
      put(input.bytes);
      put(padding(input.bytes.length));
      continue;
    }
    const source = openSync(input.file, "r");
    try {
      const size = fstatSync(source).size;
      put(header(input.name, size, mtimeMs));
      const chunk = new Uint8Array(CHUNK_BYTES);
      let left = size;
      while (left > 0) {
        const n = readSync(source, chunk, 0, Math.min(CHUNK_BYTES, left), null);
        if (n === 0) throw new TarError(`${input.file} shrank while it was archived`);
        put(chunk.subarray(0, n));
        left -= n;
      }
      put(padding(size));
    } finally {
      closeSync(source);
    }
  }
  put(new Uint8Array(BLOCK * 2));
  return written;
}

/** Lists the members of the archive at `path`; throws TarError when it is not a whole one. */
export function listTar(path: string): TarEntry[] {
  const fd = openSync(path, "r");
  try {
    const length = fstatSync(fd).size;
    const entries: TarEntry[] = [];
    const block = new Uint8Array(BLOCK);
    let at = 0;
    for (;;) {
      if (at + BLOCK > length) throw new TarError("the archive is truncated (no end marker)");
      readSync(fd, block, 0, BLOCK, at);
      if (block.every((b) => b === 0)) return entries;
      const entry = parseHeader(block, at);
      const dataEnd = entry.offset + entry.size;
      if (dataEnd > length) throw new TarError(`the archive is truncated inside ${entry.name}`);
      entries.push(entry);
      at = entry.offset + Math.ceil(entry.size / BLOCK) * BLOCK;
    }
  } finally {
    closeSync(fd);
  }
}

/** Calls `sink` with the member's bytes in order, in chunks of at most 1 MiB. */
export function readEntry(path: string, entry: TarEntry, sink: (chunk: Uint8Array) => void) {
  const fd = openSync(path, "r");
  try {
    const chunk = new Uint8Array(CHUNK_BYTES);
    let done = 0;
    while (done < entry.size) {
      const n = readSync(
        fd,
        chunk,
        0,
        Math.min(CHUNK_BYTES, entry.size - done),
        entry.offset + done,
      );
      if (n === 0) throw new TarError(`the archive is truncated inside ${entry.name}`);
      sink(chunk.subarray(0, n));
      done += n;
    }
  } finally {
    closeSync(fd);
  }
}

function header(name: string, size: number, mtimeMs: number): Uint8Array {
  const block = new Uint8Array(BLOCK);
  const [prefix, base] = splitName(name);
  field(block, 0, 100, base);
  field(block, 100, 8, octal(0o644, 7));
  field(block, 108, 8, octal(0, 7));
  field(block, 116, 8, octal(0, 7));
  field(block, 124, 12, octal(size, 11));
  field(block, 136, 12, octal(Math.floor(mtimeMs / 1000), 11));
  block.fill(0x20, 148, 156); // the checksum counts its own field as spaces
  block[156] = 0x30; // "0": a regular file
  field(block, 257, 6, "ustar");
  field(block, 263, 2, "00");
  field(block, 345, 155, prefix);
  field(block, 148, 8, `${octal(checksum(block), 6)}\0 `);
  return block;
}

function parseHeader(block: Uint8Array, at: number): TarEntry {
  const stored = Number.parseInt(text(block, 148, 8).trim() || "x", 8);
  if (stored !== checksum(block)) throw new TarError(`damaged archive header at byte ${at}`);
  if (text(block, 257, 5) !== "ustar") throw new TarError("not a backup archive (not ustar)");
  const type = String.fromCharCode(block[156] ?? 0);
  const base = text(block, 0, 100);
  const prefix = text(block, 345, 155);
  const name = prefix ? `${prefix}/${base}` : base;
  if (type !== "0" && type !== "\0") throw new TarError(`${name} is not a regular file`);
  const size = Number.parseInt(text(block, 124, 12).trim() || "x", 8);
  if (!Number.isSafeInteger(size) || size < 0) throw new TarError(`${name} has no valid size`);
  return { name, size, offset: at + BLOCK };
}

function splitName(name: string): [string, string] {
  const bytes = new TextEncoder().encode(name).length;
  if (bytes <= 100) return ["", name];
  const cut = name.lastIndexOf("/", 155);
  if (cut <= 0 || bytes > 255 || new TextEncoder().encode(name.slice(cut + 1)).length > 100)
    throw new TarError(`${name} is too long for the archive`);
  return [name.slice(0, cut), name.slice(cut + 1)];
}

function checksum(block: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  return sum;
}

function octal(value: number, digits: number): string {
  return value.toString(8).padStart(digits, "0");
}

function field(block: Uint8Array, at: number, length: number, value: string) {
  block.set(new TextEncoder().encode(value).subarray(0, length), at);
}

function text(block: Uint8Array, at: number, length: number): string {
  const slice = block.subarray(at, at + length);
  const end = slice.indexOf(0);
  return new TextDecoder().decode(end < 0 ? slice : slice.subarray(0, end));
}

function padding(size: number): Uint8Array {
  return new Uint8Array((BLOCK - (size % BLOCK)) % BLOCK);
}
