// RTC through the kernel rtc class device (Documentation/admin-guide/rtc.rst): RTC_RD_TIME and
// RTC_SET_TIME ioctls on /dev/rtcN.
import { ioctlOrThrow, O_RDONLY, openDevice, type Syscalls } from "../linux/syscalls.ts";
import type { Rtc } from "./rtc.ts";
import {
  decodeRtcTime,
  encodeRtcTime,
  RTC_RD_TIME,
  RTC_SET_TIME,
  RTC_TIME_SIZE,
} from "./rtc-abi.ts";

export class LinuxRtc implements Rtc {
  constructor(
    private readonly sys: Syscalls,
    private readonly device: string,
  ) {}

  readEpochMs(): number {
    const buf = new Uint8Array(RTC_TIME_SIZE);
    this.withFd((fd) => ioctlOrThrow(this.sys, fd, RTC_RD_TIME, buf, this.device));
    return decodeRtcTime(buf);
  }

  setEpochMs(epochMs: number): void {
    this.withFd((fd) =>
      ioctlOrThrow(this.sys, fd, RTC_SET_TIME, encodeRtcTime(epochMs), this.device),
    );
  }

  private withFd(action: (fd: number) => void): void {
    const fd = openDevice(this.sys, this.device, O_RDONLY);
    try {
      action(fd);
    } finally {
      this.sys.close(fd);
    }
  }
}
