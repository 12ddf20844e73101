// rtc uAPI (include/uapi/linux/rtc.h): struct rtc_time is nine ints (tm_sec, tm_min, tm_hour,
// tm_mday, tm_mon 0-11, tm_year since 1900, tm_wday, tm_yday, tm_isdst) = 36 bytes; always UTC.
import { ior, iow } from "../linux/ioctl.ts";

export const RTC_TIME_SIZE = 36;
export const RTC_RD_TIME = ior(0x70, 0x09, RTC_TIME_SIZE); // 'p'
export const RTC_SET_TIME = iow(0x70, 0x0a, RTC_TIME_SIZE);

export function encodeRtcTime(epochMs: number): Uint8Array {
  const d = new Date(epochMs);
  const bytes = new Uint8Array(RTC_TIME_SIZE);
  const v = new DataView(bytes.buffer);
  const fields = [
    d.getUTCSeconds(),
    d.getUTCMinutes(),
    d.getUTCHours(),
    d.getUTCDate(),
    d.getUTCMonth(),
    d.getUTCFullYear() - 1900,
    d.getUTCDay(),
    dayOfYear(d),
    0,
  ];
  for (const [i, f] of fields.entries()) v.setInt32(i * 4, f, true);
  return bytes;
}

export function decodeRtcTime(bytes: Uint8Array): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset);
  const f = (i: number): number => v.getInt32(i * 4, true);
  return Date.UTC(f(5) + 1900, f(4), f(3), f(2), f(1), f(0));
}

function dayOfYear(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000);
}
