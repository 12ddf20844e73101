// ISO/IEC 18004 (QR code, symbol built by the qrcode-generator package) drawn as a PNG
// (RFC 2083 / ISO 15948): 1-bit greyscale, each module `scale` pixels, with the 4-module
// quiet zone the standard requires around the symbol.
import { deflateSync } from "node:zlib";
import qrcode from "qrcode-generator";

const QUIET_ZONE_MODULES = 4;
const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The dark/light modules of the smallest QR symbol holding `text` (UTF-8, level M). */
export function qrModules(text: string): boolean[][] {
  const qr = qrcode(0, "M");
  // The package maps each character to one byte: hand it the UTF-8 bytes as characters.
  const bytes = Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b));
  qr.addData(bytes.join(""), "Byte");
  qr.make();
  const size = qr.getModuleCount();
  return Array.from({ length: size }, (_, r) =>
    Array.from({ length: size }, (_, c) => qr.isDark(r, c)),
  );
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, Bun.hash.crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A PNG of the QR code for `text`. */
export function qrPng(text: string, scale = 6): Uint8Array {
  const modules = qrModules(text);
  const side = (modules.length + 2 * QUIET_ZONE_MODULES) * scale;
  const rowBytes = Math.ceil(side / 8);
  const raw = new Uint8Array((rowBytes + 1) * side); // filter byte 0 + packed bits per row
  for (let y = 0; y < side; y++) {
    const r = Math.floor(y / scale) - QUIET_ZONE_MODULES;
    const base = y * (rowBytes + 1) + 1;
    for (let x = 0; x < side; x++) {
      const c = Math.floor(x / scale) - QUIET_ZONE_MODULES;
      const dark = modules[r]?.[c] === true;
      // Greyscale 1 bit: 1 is white, so light pixels set their bit.
      if (!dark) raw[base + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  const header = new DataView(new ArrayBuffer(13));
  header.setUint32(0, side);
  header.setUint32(4, side);
  header.setUint8(8, 1); // bit depth
  header.setUint8(9, 0); // greyscale
  const parts = [
    PNG_SIGNATURE,
    chunk("IHDR", new Uint8Array(header.buffer)),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
