// The SIP socket's receive buffer. The kernel's default (net.core.rmem_default, 208 KiB on most
// systems) holds some 400 REGISTERs: under load, a pause of the event loop of a few tens of
// milliseconds (a collection, a WAL checkpoint) then drops datagrams that phones resend only
// 500 ms later (T1), each resend more work for a box already behind. Bun's UDP sockets take no
// SO_RCVBUF option, so the socket is found among the process's descriptors by its port and
// its buffer set through libc (SO_RCVBUFFORCE when the box may pass net.core.rmem_max, as root
// on the board; SO_RCVBUF, capped at rmem_max, otherwise).
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** 2 MiB: about half a second of REGISTERs at the box's peak rate. */
export const SIP_RECEIVE_BUFFER_BYTES = 2 * 1024 * 1024;

// <asm-generic/socket.h>, shared by x86-64 and arm64.
const SOL_SOCKET = 1;
const SO_RCVBUF = 8;
const SO_RCVBUFFORCE = 33;

/** The size the kernel now reports (twice the request, for its bookkeeping), or why not. */
export type ReceiveBufferResult = { ok: true; bytes: number } | { ok: false; reason: string };

/**
 * Sets the receive buffer of this process's UDP sockets bound to `port` (the SIP socket, and
 * the PnP multicast listener when it is on).
 */
export async function growUdpReceiveBuffer(
  port: number,
  bytes: number,
): Promise<ReceiveBufferResult> {
  const descriptors = udpSocketDescriptors(port);
  if (descriptors.length === 0)
    return { ok: false, reason: `no UDP socket of this process on ${port}` };
  const { dlopen, FFIType, ptr } = await import("bun:ffi");
  let library: ReturnType<typeof openLibc>;
  try {
    library = openLibc(dlopen, FFIType);
  } catch (error) {
    // A system without glibc's libc.so.6 keeps the kernel's buffer; the box runs on.
    return {
      ok: false,
      reason: `libc not loaded: ${error instanceof Error ? error.message : error}`,
    };
  }
  const libc = library.symbols;
  const value = new Int32Array(1);
  const length = new Uint32Array(1);
  let reported = 0;
  try {
    for (const fd of descriptors) {
      value[0] = bytes;
      const set =
        libc.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, ptr(value), 4) === 0 ||
        libc.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, ptr(value), 4) === 0;
      if (!set) return { ok: false, reason: "setsockopt refused" };
      length[0] = 4;
      if (libc.getsockopt(fd, SOL_SOCKET, SO_RCVBUF, ptr(value), ptr(length)) !== 0)
        return { ok: false, reason: "getsockopt refused" };
      reported ||= value[0]!;
    }
  } finally {
    library.close();
  }
  return { ok: true, bytes: reported };
}

function openLibc(
  dlopen: typeof import("bun:ffi").dlopen,
  FFIType: typeof import("bun:ffi").FFIType,
) {
  return dlopen("libc.so.6", {
    setsockopt: {
      args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.u32],
      returns: FFIType.i32,
    },
    getsockopt: {
      args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.ptr],
      returns: FFIType.i32,
    },
  });
}

/** The descriptors of this process's UDP sockets on `port` (IPv4 or IPv6). */
function udpSocketDescriptors(port: number): number[] {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/udp", "/proc/net/udp6"]) {
    let text: string;
    try {
      text = readFileSync(table, "utf8");
    } catch {
      continue;
    }
    // "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      if (!local || Number.parseInt(local.slice(local.lastIndexOf(":") + 1), 16) !== port) continue;
      if (fields[9] && fields[9] !== "0") inodes.add(fields[9]);
    }
  }
  const found: number[] = [];
  if (inodes.size === 0) return found;
  // Other processes' sockets on the port (SO_REUSEPORT) are listed too: only ours are open here.
  for (const entry of readdirSync("/proc/self/fd")) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${entry}`);
    } catch {
      continue;
    }
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode && inodes.has(inode)) found.push(Number(entry));
  }
  return found;
}
