// On-hook caller ID data link messages: Telcordia GR-30 / ETSI EN 300 659-3 / YD/T 1008
// (China). SDMF (type 0x04): MMDDHHMM then the number. MDMF (type 0x80): parameters
// date/time 0x01, number 0x02, number absence 0x04, name 0x07, name absence 0x08.
// Each message ends with a checksum making the byte sum zero modulo 256.

/** Why a number or name is missing: "O" out of area / unavailable, "P" private. */
export type AbsenceReason = "O" | "P";

export interface CallerIdInfo {
  /** Month, day, hour and minute of the call, as the exchange sends them. */
  dateTime?: { month: number; day: number; hour: number; minute: number };
  number?: string;
  name?: string;
  numberAbsence?: AbsenceReason;
  nameAbsence?: AbsenceReason;
}

export type CallerIdFormat = "sdmf" | "mdmf";

export type CallerIdDecodeResult =
  | { ok: true; format: CallerIdFormat; info: CallerIdInfo; length: number }
  | { ok: false; error: "too short" | "unknown message type" | "bad checksum" | "bad parameter" };

export const SDMF_TYPE = 0x04;
export const MDMF_TYPE = 0x80;
export const PARAM_DATE_TIME = 0x01;
export const PARAM_NUMBER = 0x02;
export const PARAM_NUMBER_ABSENCE = 0x04;
export const PARAM_NAME = 0x07;
export const PARAM_NAME_ABSENCE = 0x08;

const two = (n: number): string => String(n).padStart(2, "0");

function ascii(text: string): number[] {
  // Caller ID carries 8-bit characters; anything else becomes "?".
  return [...text].map((ch) => {
    const c = ch.charCodeAt(0);
    return c < 256 ? c : 0x3f;
  });
}

function withChecksum(type: number, body: number[]): Uint8Array {
  const bytes = [type, body.length & 0xff, ...body];
  const sum = bytes.reduce((a, b) => a + b, 0);
  return Uint8Array.from([...bytes, (256 - (sum & 0xff)) & 0xff]);
}

function dateTimeText(info: CallerIdInfo): string | undefined {
  const d = info.dateTime;
  return d && two(d.month) + two(d.day) + two(d.hour) + two(d.minute);
}

/** Single data message format (number only). */
export function encodeSdmf(info: CallerIdInfo): Uint8Array {
  const date = dateTimeText(info) ?? "00000000";
  const number = info.number ?? info.numberAbsence ?? "O";
  return withChecksum(SDMF_TYPE, ascii(date + number));
}

/** Multiple data message format (date/time, number or its absence, name or its absence). */
export function encodeMdmf(info: CallerIdInfo): Uint8Array {
  const body: number[] = [];
  const param = (type: number, text: string): void => {
    const data = ascii(text);
    body.push(type, data.length, ...data);
  };
  const date = dateTimeText(info);
  if (date) param(PARAM_DATE_TIME, date);
  if (info.number !== undefined) param(PARAM_NUMBER, info.number);
  else if (info.numberAbsence) param(PARAM_NUMBER_ABSENCE, info.numberAbsence);
  if (info.name !== undefined) param(PARAM_NAME, info.name);
  else if (info.nameAbsence) param(PARAM_NAME_ABSENCE, info.nameAbsence);
  return withChecksum(MDMF_TYPE, body);
}

function text(bytes: ArrayLike<number>, from: number, to: number): string {
  let s = "";
  for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i] as number);
  return s;
}

function parseDateTime(s: string): CallerIdInfo["dateTime"] | undefined {
  if (!/^\d{8}$/.test(s)) return undefined;
  const n = (i: number): number => Number(s.slice(i, i + 2));
  return { month: n(0), day: n(2), hour: n(4), minute: n(6) };
}

function absence(s: string): AbsenceReason | undefined {
  return s === "O" || s === "P" ? s : undefined;
}

/** Decodes one message starting at `offset`. */
export function decodeCallerIdMessage(bytes: ArrayLike<number>, offset = 0): CallerIdDecodeResult {
  if (bytes.length - offset < 3) return { ok: false, error: "too short" };
  const type = bytes[offset] as number;
  if (type !== SDMF_TYPE && type !== MDMF_TYPE) return { ok: false, error: "unknown message type" };
  const len = bytes[offset + 1] as number;
  const end = offset + 2 + len;
  if (end + 1 > bytes.length) return { ok: false, error: "too short" };
  let sum = 0;
  for (let i = offset; i <= end; i++) sum += bytes[i] as number;
  if ((sum & 0xff) !== 0) return { ok: false, error: "bad checksum" };
  const info: CallerIdInfo = {};
  const body = offset + 2;
  if (type === SDMF_TYPE) {
    if (len < 8) return { ok: false, error: "bad parameter" };
    const dt = parseDateTime(text(bytes, body, body + 8));
    if (dt && dt.month > 0) info.dateTime = dt;
    const number = text(bytes, body + 8, end);
    const reason = absence(number);
    if (reason) info.numberAbsence = reason;
    else info.number = number;
    return { ok: true, format: "sdmf", info, length: len + 3 };
  }
  let at = body;
  while (at < end) {
    const ptype = bytes[at] as number;
    const plen = bytes[at + 1] as number;
    if (at + 2 + plen > end) return { ok: false, error: "bad parameter" };
    const value = text(bytes, at + 2, at + 2 + plen);
    if (ptype === PARAM_DATE_TIME) info.dateTime = parseDateTime(value);
    else if (ptype === PARAM_NUMBER) info.number = value;
    else if (ptype === PARAM_NUMBER_ABSENCE) info.numberAbsence = absence(value);
    else if (ptype === PARAM_NAME) info.name = value;
    else if (ptype === PARAM_NAME_ABSENCE) info.nameAbsence = absence(value);
    // Unknown parameter types are skipped, as GR-30 asks of receivers.
    at += 2 + plen;
  }
  return { ok: true, format: "mdmf", info, length: len + 3 };
}

/** The first valid message anywhere in a received byte stream (seizure bytes are skipped). */
export function findCallerIdMessage(bytes: ArrayLike<number>): CallerIdDecodeResult {
  let last: CallerIdDecodeResult = { ok: false, error: "too short" };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== SDMF_TYPE && b !== MDMF_TYPE) continue;
    const r = decodeCallerIdMessage(bytes, i);
    if (r.ok) return r;
    last = r;
  }
  return last;
}
