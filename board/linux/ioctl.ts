// ioctl request numbers as include/uapi/asm-generic/ioctl.h builds them (arm64 and x86-64 alike):
// dir:2 | size:14 | type:8 | nr:8, with _IOC_WRITE = 1 and _IOC_READ = 2.

export const IOC_NONE = 0;
export const IOC_WRITE = 1;
export const IOC_READ = 2;

export function ioc(dir: number, type: number, nr: number, size: number): number {
  // Unsigned arithmetic: the read bit lands in bit 31, past what JS bit operators keep positive.
  return dir * 2 ** 30 + (size & 0x3fff) * 2 ** 16 + (type & 0xff) * 2 ** 8 + (nr & 0xff);
}

export const io = (type: number, nr: number): number => ioc(IOC_NONE, type, nr, 0);
export const ior = (type: number, nr: number, size: number): number =>
  ioc(IOC_READ, type, nr, size);
export const iow = (type: number, nr: number, size: number): number =>
  ioc(IOC_WRITE, type, nr, size);
export const iowr = (type: number, nr: number, size: number): number =>
  ioc(IOC_READ | IOC_WRITE, type, nr, size);
