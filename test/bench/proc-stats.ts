// CPU time and memory of a process, read from /proc, for benchmarks.

import { readFileSync } from "node:fs";

const TICKS_PER_S = 100;

/** Total user+system CPU seconds a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

/** Resident set size in MB. */
export function rssMb(pid: number): number {
  return residentMb(pid).rss;
}

/** Resident memory in MB, and how much of it is anonymous (heaps, stacks) or mapped files. */
export function residentMb(pid: number): { rss: number; anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const mb = (field: string) =>
    Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: mb("VmRSS"), anon: mb("RssAnon"), file: mb("RssFile") };
}

/** CPU seconds of the process's main thread alone (its JavaScript event loop). */
export function mainThreadCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

/** Busy and total CPU time of the whole machine so far, in ticks (all cores). */
export function machineCpuTicks(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!;
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  // idle and iowait are the fourth and fifth fields.
  return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
}

/** Datagrams the kernel dropped because a UDP socket's receive buffer was full (machine-wide). */
export function udpReceiveBufferDrops(): number {
  const lines = readFileSync("/proc/net/snmp", "utf8").split("\n");
  const [names, values] = lines.filter((l) => l.startsWith("Udp:"));
  const at = names?.split(/\s+/).indexOf("RcvbufErrors") ?? -1;
  return at < 0 ? 0 : Number(values?.split(/\s+/)[at] ?? 0);
}
