// The SIPp callers of the call benchmarks: the box's extensions calling with digest auth.

import { join } from "node:path";
import { freePort } from "../support/free-port.ts";

export const SCENARIOS = join(import.meta.dir, "..", "interop", "sipp");

/** SIPp as the benchmark's callers: `call-bench-uac.xml` toward `dialled` on the box. */
export function benchCallerBase(sipp: string, sipPort: number, dialled: string): string[] {
  return [
    sipp,
    `127.0.0.1:${sipPort}`,
    "-sf",
    join(SCENARIOS, "call-bench-uac.xml"),
    "-s",
    dialled,
    "-i",
    "127.0.0.1",
    "-t",
    "u1",
    "-nostdin",
    "-max_socket",
    "4096",
    // The digest-uri must be the Request-URI (RFC 3261 §22.4); SIPp's default is not
    // (it writes "sip:" and then this value).
    "-auth_uri",
    `${dialled}@127.0.0.1:${sipPort}`,
  ];
}

/**
 * A rate run: callers from `injection` (caller;[authentication ...];... per line) place `rate`
 * calls/s, `total` in all, each held 1 s; SIPp gives up at four times `seconds`.
 */
export async function rateArgs(
  injection: string,
  rate: number,
  total: number,
  seconds: number,
): Promise<string[]> {
  return [
    "-inf",
    injection,
    "-p",
    String(await freePort()),
    "-r",
    String(rate),
    "-m",
    String(total),
    "-l",
    String(rate * 4),
    "-d",
    "1000",
    "-timeout",
    `${seconds * 4}s`,
    "-recv_timeout",
    "8000",
  ];
}

/** A counter from SIPp's final statistics screen (e.g. "Successful call"). */
export function sippCount(stdout: string, label: string): number {
  return Number(new RegExp(`${label}\\s+\\|\\s+\\d+\\s+\\|\\s+(\\d+)`).exec(stdout)?.[1] ?? 0);
}
