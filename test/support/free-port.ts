// Ports for one test run: a port free on both UDP and TCP (SIP uses both), chosen at random
// so parallel runs on one machine do not collide. They are drawn from outside the kernel's
// ephemeral range, where a client socket (a fetch, a phone's RTP) could take a port between
// the check here and the box binding it, and a port is never handed out twice in one process,
// so two boxes in one test file cannot be given overlapping ranges.

import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

const LOWEST = 20000;
const HIGHEST = 65535;

/** Ranges of ports no client socket is given by the kernel. */
function quietRanges(): Array<[number, number]> {
  let [ephemeralMin, ephemeralMax] = [32768, 60999];
  try {
    const [min, max] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8")
      .trim()
      .split(/\s+/)
      .map(Number);
    if (min && max) [ephemeralMin, ephemeralMax] = [min, max];
  } catch {}
  const ranges: Array<[number, number]> = [];
  if (ephemeralMin - 1 - LOWEST > 1000) ranges.push([LOWEST, ephemeralMin - 1]);
  if (HIGHEST - (ephemeralMax + 1) > 1000) ranges.push([ephemeralMax + 1, HIGHEST]);
  return ranges.length > 0 ? ranges : [[LOWEST, HIGHEST]];
}

const RANGES = quietRanges();
const handedOut = new Set<number>();

function randomBase(span: number): number {
  const sizes = RANGES.map(([min, max]) => Math.max(0, max - min + 2 - span));
  let pick = Math.floor(Math.random() * sizes.reduce((a, b) => a + b, 0));
  for (const [index, [min]] of RANGES.entries()) {
    if (pick < (sizes[index] ?? 0)) return min + pick;
    pick -= sizes[index] ?? 0;
  }
  return LOWEST;
}

async function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket("udp4");
    socket.once("error", () => resolve(false));
    socket.bind(port, "127.0.0.1", () => socket.close(() => resolve(true)));
  });
}

/** A port free on UDP and TCP, with the `span - 1` ports after it free too. */
export async function freePort(span = 1): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = randomBase(span);
    let ok = true;
    for (let i = 0; i < span && ok; i++)
      ok = !handedOut.has(base + i) && (await tcpFree(base + i)) && (await udpFree(base + i));
    if (ok) {
      for (let i = 0; i < span; i++) handedOut.add(base + i);
      return base;
    }
  }
  throw new Error("no free port found");
}
