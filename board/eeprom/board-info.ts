// Board identity record stored at offset 0 of the at24 EEPROM (SPEC DEV-2). Layout, big-endian:
//   0x00  4  magic "PBXI"
//   0x04  1  layout version (1)
//   0x05  1  hardware revision
//   0x06  2  record length in bytes (0x48)
//   0x08 32  model, ASCII, NUL-padded
//   0x28 16  serial number, ASCII, NUL-padded
//   0x38  6  base MAC address
//   0x3E  2  reserved (0)
//   0x40  2  manufacture year, 0x42 1 month, 0x43 1 day
//   0x44  4  CRC-32 (IEEE 802.3, as zlib) of bytes 0x00..0x43
import { fail, ok, type Result } from "../result.ts";

export const BOARD_INFO_BYTES = 0x48;
const MAGIC = [0x50, 0x42, 0x58, 0x49];

export interface BoardInfo {
  readonly model: string;
  readonly serial: string;
  /** "02:11:22:33:44:55" */
  readonly mac: string;
  readonly hardwareRevision: number;
  /** "YYYY-MM-DD" */
  readonly manufactureDate: string;
}

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export function encodeBoardInfo(info: BoardInfo): Result<Uint8Array> {
  const mac = parseMac(info.mac);
  if (!mac) return fail("invalid-argument", "MAC must be six hex octets", "mac");
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(info.manufactureDate);
  if (!date) return fail("invalid-argument", "date must be YYYY-MM-DD", "manufactureDate");
  if (!/^[\x20-\x7e]{1,31}$/.test(info.model))
    return fail("invalid-argument", "model: 1-31 ASCII", "model");
  if (!/^[\x20-\x7e]{1,15}$/.test(info.serial))
    return fail("invalid-argument", "serial: 1-15 ASCII", "serial");
  const bytes = new Uint8Array(BOARD_INFO_BYTES);
  const v = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  bytes[4] = 1;
  bytes[5] = info.hardwareRevision & 0xff;
  v.setUint16(6, BOARD_INFO_BYTES);
  bytes.set(new TextEncoder().encode(info.model), 0x08);
  bytes.set(new TextEncoder().encode(info.serial), 0x28);
  bytes.set(mac, 0x38);
  v.setUint16(0x40, Number(date[1]));
  bytes[0x42] = Number(date[2]);
  bytes[0x43] = Number(date[3]);
  v.setUint32(0x44, crc32(bytes.subarray(0, 0x44)));
  return ok(bytes);
}

export function decodeBoardInfo(bytes: Uint8Array): Result<BoardInfo> {
  if (bytes.length < BOARD_INFO_BYTES || MAGIC.some((m, i) => bytes[i] !== m)) {
    return fail("invalid-state", "EEPROM holds no board record (blank or foreign)");
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset);
  if (bytes[4] !== 1) return fail("not-supported", `board record layout ${bytes[4]}`);
  if (v.getUint32(0x44) !== crc32(bytes.subarray(0, 0x44)))
    return fail("invalid-state", "board record checksum mismatch");
  const text = (from: number, len: number): string =>
    new TextDecoder().decode(bytes.subarray(from, from + len)).replace(/\0.*$/s, "");
  const pad = (n: number): string => String(n).padStart(2, "0");
  return ok({
    model: text(0x08, 32),
    serial: text(0x28, 16),
    mac: Array.from(bytes.subarray(0x38, 0x3e), (b) => b.toString(16).padStart(2, "0")).join(":"),
    hardwareRevision: bytes[5]!,
    manufactureDate: `${v.getUint16(0x40)}-${pad(bytes[0x42]!)}-${pad(bytes[0x43]!)}`,
  });
}

function parseMac(mac: string): Uint8Array | null {
  const parts = mac.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) return null;
  return Uint8Array.from(parts, (p) => Number.parseInt(p, 16));
}
