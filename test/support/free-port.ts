// Ports for one test run, free when chosen: a single port free on both UDP and TCP (SIP uses
// both), or a run of UDP ports (RTP). They are drawn from outside the kernel's ephemeral range
// and baresip's RTP range, where a client socket (a fetch, a phone's RTP) could take a port
// between the check here and the box binding it, and handed out in order from a random start,
// so two boxes in one test file never get overlapping ports. Files that test/run.ts runs side by
// side each draw from their own share of the ports (`TEST_PORT_SHARE=lane/lanes`): a port one
// file found free cannot be taken by the other file's box or peer before it is bound.

import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

const LOWEST = 20000;
const HIGHEST = 65535;
/** baresip's RTP ports (`rtp_ports` in test/support/baresip.ts), which it picks at random. */
const BARESIP_RTP: [number, number] = [30000, 39999];

/** `ranges` without the ports of `hole`. */
function without(ranges: Array<[number, number]>, [from, to]: [number, number]) {
  return ranges.flatMap(([min, max]): Array<[number, number]> => {
    if (to < min || from > max) return [[min, max]];
    return [
      ...(from > min ? [[min, from - 1] as [number, number]] : []),
      ...(to < max ? [[to + 1, max] as [number, number]] : []),
    ];
  });
}

/** Ranges of ports no client socket is given by the kernel and no peer picks for itself. */
function quietRanges(): Array<[number, number]> {
  let [ephemeralMin, ephemeralMax] = [32768, 60999];
  try {
    const [min, max] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8")
      .trim()
      .split(/\s+/)
      .map(Number);
    if (min && max) [ephemeralMin, ephemeralMax] = [min, max];
  } catch {}
  const ranges = without(
    without([[LOWEST, HIGHEST]], [ephemeralMin, ephemeralMax]),
    BARESIP_RTP,
  ).filter(([min, max]) => max - min > 1000);
  return ranges.length > 0 ? ranges : [[LOWEST, HIGHEST]];
}

/** The `lane`-th of `lanes` equal slices of `ports`, when `share` ("lane/lanes") names one. */
export function portShare(ports: number[], share: string | undefined): number[] {
  const [lane, lanes] = (share ?? "").split("/").map(Number);
  if (lanes === undefined || !Number.isInteger(lane) || !Number.isInteger(lanes)) return ports;
  if (lanes < 2 || lane! < 0 || lane! >= lanes) return ports;
  const size = Math.floor(ports.length / lanes);
  return ports.slice(lane! * size, (lane! + 1) * size);
}

/** Every quiet port of this file's share in order: handed out upward from a random place. */
const PORTS: number[] = portShare(
  quietRanges().flatMap(([min, max]) => Array.from({ length: max - min + 1 }, (_, i) => min + i)),
  process.env.TEST_PORT_SHARE,
);
let cursor = Math.floor(Math.random() * PORTS.length);
/**
 * Ports left unused after each one handed out: peers take the next ones themselves (baresip
 * its SIP port + 1 for TLS, SIPp its media port + 1..3 for RTCP and video).
 */
const GAP = 9;

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

/** A port free on UDP and TCP; with a `span`, a run of that many ports free on UDP. */
export async function freePort(span = 1): Promise<number> {
  for (let tried = 0; tried < PORTS.length; tried++) {
    const at = (cursor + tried) % PORTS.length;
    const base = PORTS[at]!;
    if (at + span > PORTS.length || PORTS[at + span - 1] !== base + span - 1) continue;
    const ok =
      span === 1
        ? (await tcpFree(base)) && (await udpFree(base))
        : (await Promise.all(Array.from({ length: span }, (_, i) => udpFree(base + i)))).every(
            Boolean,
          );
    if (!ok) continue;
    cursor = (at + span + GAP) % PORTS.length;
    return base;
  }
  throw new Error("no free port found");
}
