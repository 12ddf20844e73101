// watchdog uAPI (include/uapi/linux/watchdog.h), magic 'W'.
import { ior, iowr } from "../linux/ioctl.ts";

export const WATCHDOG_IOCTL_BASE = 0x57; // 'W'
export const WDIOC_KEEPALIVE = ior(WATCHDOG_IOCTL_BASE, 5, 4);
export const WDIOC_SETTIMEOUT = iowr(WATCHDOG_IOCTL_BASE, 6, 4);
export const WDIOC_GETTIMEOUT = ior(WATCHDOG_IOCTL_BASE, 7, 4);
/** Writing 'V' before close disarms drivers built with the magic-close feature. */
export const WATCHDOG_MAGIC_CLOSE = 0x56;
