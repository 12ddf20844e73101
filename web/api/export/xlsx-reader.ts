// Reads an .xlsx as a spreadsheet program would: the .zip container (PKWARE APPNOTE: the
// central directory, deflated or stored entries) and the first sheet's cells (ECMA-376
// SpreadsheetML: inline strings, shared strings, numbers). Tests read the box's exports with
// it; the phonebook import reads uploads with `tryReadXlsx`, which never throws and caps what
// an entry may inflate to (a zip bomb is refused, not unpacked).
import { inflateRawSync } from "node:zlib";

/** Largest inflated entry accepted from an upload. */
export const MAX_ENTRY_BYTES = 16 * 1024 * 1024;

/** Every entry of a .zip by name, checking each CRC-32. */
export function readZip(
  bytes: Uint8Array,
  maxEntryBytes = MAX_ENTRY_BYTES,
): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error("not a zip: no end of central directory");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error("bad central directory entry");
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const compressedSize = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localOffset = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const localName = view.getUint16(localOffset + 26, true);
    const localExtra = view.getUint16(localOffset + 28, true);
    const start = localOffset + 30 + localName + localExtra;
    const raw = bytes.subarray(start, start + compressedSize);
    const data =
      method === 8
        ? new Uint8Array(inflateRawSync(raw, { maxOutputLength: maxEntryBytes }))
        : method === 0
          ? raw
          : undefined;
    if (!data) throw new Error(`unsupported compression in ${name}`);
    if (Bun.hash.crc32(data) !== crc) throw new Error(`CRC mismatch in ${name}`);
    entries.set(name, data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");

/** The first worksheet of an .xlsx as rows of cell texts, and the sheet's name. */
export function readXlsx(bytes: Uint8Array): { sheetName: string; rows: string[][] } {
  const zip = readZip(bytes);
  const text = (name: string) => {
    const entry = zip.get(name);
    if (!entry) throw new Error(`xlsx has no ${name}`);
    return new TextDecoder().decode(entry);
  };
  if (!text("[Content_Types].xml").includes("spreadsheetml.sheet.main+xml")) {
    throw new Error("not a SpreadsheetML workbook");
  }
  const sheetName = unescapeXml(
    /<sheet [^>]*name="([^"]*)"/.exec(text("xl/workbook.xml"))?.[1] ?? "",
  );
  const shared = zip.has("xl/sharedStrings.xml")
    ? [...text("xl/sharedStrings.xml").matchAll(/<si>.*?<t[^>]*>(.*?)<\/t>.*?<\/si>/gs)].map((m) =>
        unescapeXml(m[1]!),
      )
    : [];
  const rows: string[][] = [];
  for (const row of text("xl/worksheets/sheet1.xml").matchAll(/<row[^>]*>(.*?)<\/row>/gs)) {
    const cells: string[] = [];
    for (const cell of row[1]!.matchAll(/<c r="([A-Z]+)\d+"([^>]*)>(.*?)<\/c>/gs)) {
      const column = [...cell[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const type = /t="(\w+)"/.exec(cell[2]!)?.[1];
      const inner = cell[3]!;
      const value =
        type === "inlineStr"
          ? (/<t[^>]*>(.*?)<\/t>/s.exec(inner)?.[1] ?? "")
          : (/<v>(.*?)<\/v>/s.exec(inner)?.[1] ?? "");
      cells[column] = type === "s" ? (shared[Number(value)] ?? "") : unescapeXml(value);
    }
    rows.push(Array.from(cells, (c) => c ?? ""));
  }
  return { sheetName, rows };
}

/** The first sheet of an uploaded .xlsx, or undefined when it is not one this can read. */
export function tryReadXlsx(
  bytes: Uint8Array,
): { sheetName: string; rows: string[][] } | undefined {
  try {
    return readXlsx(bytes);
  } catch {
    return undefined;
  }
}
