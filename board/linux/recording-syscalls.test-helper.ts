// A Syscalls double that records every call and lets a test answer ioctls.
import type { Syscalls } from "./syscalls.ts";

export interface RecordedIoctl {
  readonly fd: number;
  readonly request: number;
  readonly arg: Uint8Array;
}

export class RecordingSyscalls implements Syscalls {
  readonly opened: Array<{ path: string; flags: number; fd: number }> = [];
  readonly ioctls: RecordedIoctl[] = [];
  readonly writes: Array<{ fd: number; data: Uint8Array }> = [];
  readonly closed: number[] = [];
  private nextFd = 10;
  private readonly addresses = new Map<Uint8Array, number>();

  constructor(private readonly answer: (call: RecordedIoctl) => number = () => 0) {}

  open(path: string, flags: number): number {
    const fd = this.nextFd++;
    this.opened.push({ path, flags, fd });
    return fd;
  }

  close(fd: number): number {
    this.closed.push(fd);
    return 0;
  }

  ioctl(fd: number, request: number, arg: Uint8Array): number {
    const call = { fd, request, arg: arg.slice() };
    this.ioctls.push(call);
    return this.answer({ fd, request, arg });
  }

  read(): number {
    return 0;
  }

  write(fd: number, buffer: Uint8Array): number {
    this.writes.push({ fd, data: buffer.slice() });
    return buffer.length;
  }

  /** Fake but stable addresses: 0x1000, 0x2000, ... in order of first use. */
  addressOf(buffer: Uint8Array): number {
    let a = this.addresses.get(buffer);
    if (a === undefined) {
      a = 0x1000 * (this.addresses.size + 1);
      this.addresses.set(buffer, a);
    }
    return a;
  }

  bufferAt(address: number): Uint8Array | undefined {
    for (const [buf, a] of this.addresses) if (a === address) return buf;
    return undefined;
  }
}
