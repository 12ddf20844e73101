// U-Boot's environment in its stored form, as fw_printenv/fw_setenv read and write it
// (tools/env/fw_env.c, non-redundant layout): a CRC-32 (little-endian) of the data area, then
// "name=value\0" entries ending with an empty one, padded to the environment size. On the board
// `path` is the device and offset of /etc/fw_env.config; on the simulated board a plain file.
// A missing or damaged environment reads as the defaults, as U-Boot does ("bad CRC, using
// default environment").
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  writeSync,
} from "node:fs";
import { crc32 } from "../eeprom/board-info.ts";
import { type BootEnv, isEnvName } from "./boot-env.ts";

export interface UbootEnvOptions {
  readonly path: string;
  /** Byte offset of the environment in `path` (0 for a file or its own partition). */
  readonly offset: number;
  /** CONFIG_ENV_SIZE: the whole stored environment, CRC included. */
  readonly sizeBytes: number;
  /** What U-Boot's built-in default environment holds. */
  readonly defaults: Readonly<Record<string, string>>;
}

const CRC_BYTES = 4;

export class UbootBootEnv implements BootEnv {
  constructor(private readonly o: UbootEnvOptions) {}

  read(): Record<string, string> {
    const stored = this.readStored();
    return stored ?? { ...this.o.defaults };
  }

  write(changes: Record<string, string | null>): void {
    for (const name of Object.keys(changes))
      if (!isEnvName(name))
        throw new Error(`bad environment variable name ${JSON.stringify(name)}`);
    const vars = this.read();
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) delete vars[name];
      else if (value.includes("\0")) throw new Error(`${name}: a value cannot hold NUL`);
      else vars[name] = value;
    }
    this.store(encodeEnv(vars, this.o.sizeBytes));
  }

  private readStored(): Record<string, string> | null {
    if (!existsSync(this.o.path)) return null;
    const fd = openSync(this.o.path, "r");
    try {
      const bytes = new Uint8Array(this.o.sizeBytes);
      const got = readSync(fd, bytes, 0, bytes.length, this.o.offset);
      if (got < bytes.length) return null;
      return decodeEnv(bytes);
    } finally {
      closeSync(fd);
    }
  }

  private store(bytes: Uint8Array): void {
    // A plain file is replaced whole (rename is atomic); a device is written in place.
    const plainFile =
      this.o.offset === 0 && (!existsSync(this.o.path) || statSync(this.o.path).isFile());
    const target = plainFile ? `${this.o.path}.tmp` : this.o.path;
    const fd = openSync(target, plainFile ? "w" : "r+");
    try {
      writeSync(fd, bytes, 0, bytes.length, plainFile ? 0 : this.o.offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (plainFile) renameSync(target, this.o.path);
  }
}

/** The stored form of `vars` in `sizeBytes` (0xff padding, as mkenvimage writes). */
export function encodeEnv(vars: Record<string, string>, sizeBytes: number): Uint8Array {
  const text = Object.keys(vars)
    .sort()
    .map((name) => `${name}=${vars[name]}\0`)
    .join("");
  const data = new TextEncoder().encode(`${text}\0`);
  if (data.length > sizeBytes - CRC_BYTES) throw new Error("the environment is full");
  const out = new Uint8Array(sizeBytes).fill(0xff);
  out.set(data, CRC_BYTES);
  new DataView(out.buffer).setUint32(0, crc32(out.subarray(CRC_BYTES)), true);
  return out;
}

/** The variables in a stored environment, or null when its CRC does not match. */
export function decodeEnv(bytes: Uint8Array): Record<string, string> | null {
  const crc = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  const data = bytes.subarray(CRC_BYTES);
  if (crc32(data) !== crc) return null;
  const vars: Record<string, string> = {};
  let at = 0;
  while (at < data.length && data[at] !== 0) {
    let end = data.indexOf(0, at);
    if (end < 0) end = data.length;
    const entry = new TextDecoder().decode(data.subarray(at, end));
    const eq = entry.indexOf("=");
    if (eq > 0) vars[entry.slice(0, eq)] = entry.slice(eq + 1);
    at = end + 1;
  }
  return vars;
}
