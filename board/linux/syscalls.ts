// The few libc calls the Linux backends need (open(2), ioctl(2), read(2), write(2), close(2)),
// reached through bun:ffi. Backends take the Syscalls interface so tests can record the exact
// bytes handed to the kernel without a device.
import { BoardIoError } from "../result.ts";

export const O_RDONLY = 0;
export const O_WRONLY = 1;
export const O_RDWR = 2;
export const O_CLOEXEC = 0o2000000;

export interface Syscalls {
  /** File descriptor, or a negative number on failure. */
  open(path: string, flags: number): number;
  close(fd: number): number;
  /** ioctl with a pointer argument; returns the kernel's result (negative on failure). */
  ioctl(fd: number, request: number, arg: Uint8Array): number;
  read(fd: number, buffer: Uint8Array): number;
  write(fd: number, buffer: Uint8Array): number;
  /** Address of a buffer, for structs that carry pointers (i2c_msg.buf, spi_ioc_transfer.tx_buf). */
  addressOf(buffer: Uint8Array): number;
}

/** libc through bun:ffi; loaded on first use so simulated boards never touch it. */
export async function loadLibcSyscalls(): Promise<Syscalls> {
  const { dlopen, FFIType, ptr } = await import("bun:ffi");
  const { symbols } = dlopen("libc.so.6", {
    open: { args: [FFIType.cstring, FFIType.i32], returns: FFIType.i32 },
    close: { args: [FFIType.i32], returns: FFIType.i32 },
    ioctl: { args: [FFIType.i32, FFIType.u64, FFIType.ptr], returns: FFIType.i32 },
    read: { args: [FFIType.i32, FFIType.ptr, FFIType.u64], returns: FFIType.i64 },
    write: { args: [FFIType.i32, FFIType.ptr, FFIType.u64], returns: FFIType.i64 },
  });
  return {
    open: (path, flags) => symbols.open(ptr(Buffer.from(`${path}\0`)), flags),
    close: (fd) => symbols.close(fd),
    ioctl: (fd, request, arg) => symbols.ioctl(fd, request, ptr(arg)),
    read: (fd, buffer) => Number(symbols.read(fd, ptr(buffer), buffer.length)),
    write: (fd, buffer) => Number(symbols.write(fd, ptr(buffer), buffer.length)),
    addressOf: (buffer) => ptr(buffer),
  };
}

/** Opens a device node or throws BoardIoError. */
export function openDevice(sys: Syscalls, path: string, flags: number): number {
  const fd = sys.open(path, flags | O_CLOEXEC);
  if (fd < 0) throw new BoardIoError("cannot open", path);
  return fd;
}

/** Runs an ioctl or throws BoardIoError naming the request. */
export function ioctlOrThrow(
  sys: Syscalls,
  fd: number,
  request: number,
  arg: Uint8Array,
  device: string,
): void {
  if (sys.ioctl(fd, request, arg) < 0)
    throw new BoardIoError(`ioctl 0x${request.toString(16)} failed`, device);
}
