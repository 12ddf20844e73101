// RFC 3261 §20.42 Via, with RFC 3581 rport and RFC 5118 §4.5 received parameters.

import type { SipMessage } from "./message.ts";
import { formatParams, type Params, parseParams, splitOutside } from "./params.ts";
import { parseHostPort } from "./uri.ts";

export interface Via {
  /** Upper-cased transport: UDP, TCP, TLS, WS, WSS, SCTP or any token. */
  transport: string;
  host: string;
  port?: number;
  params: Params;
}

/** The RFC 3261 branch magic cookie. */
export const MAGIC_COOKIE = "z9hG4bK";

/** Parses one via-parm (a single Via value); undefined when malformed. */
export function parseVia(text: string): Via | undefined {
  const pieces = splitOutside(text, ";");
  if (!pieces) return undefined;
  const sent = pieces.shift() ?? "";
  let transport: string;
  let hostport: string;
  const fast = /^SIP\/2\.0\/([A-Za-z]+) ([^\s]+)$/.exec(sent);
  if (fast) {
    transport = fast[1]!;
    hostport = fast[2]!;
  } else {
    // "SIP / 2.0 / UDP host" may carry LWS around the slashes (RFC 4475 §3.1.1.1).
    const match = /^\s*SIP\s*\/\s*2\.0\s*\/\s*([A-Za-z0-9\-.!%*_+`'~]+)\s+(\S+)\s*$/i.exec(sent);
    if (!match) return undefined;
    transport = match[1]!;
    hostport = match[2]!;
  }
  const hp = parseHostPort(hostport);
  if (!hp) return undefined;
  const params = parseParams(pieces);
  if (!params) return undefined;
  return { transport: transport.toUpperCase(), host: hp.host, port: hp.port, params };
}

/** Serializes a Via value. */
export function formatVia(via: Via): string {
  const port = via.port !== undefined ? `:${via.port}` : "";
  return `SIP/2.0/${via.transport} ${via.host}${port}${formatParams(via.params)}`;
}

/**
 * The top Via of a received request with the packet's source written in (RFC 3261 §18.2.1:
 * received= when sent-by's host is not the source address; RFC 3581 §4: an empty rport gets
 * the source port, and then received= always). Responses copy it, so they carry it back.
 */
export function stampTopVia(message: SipMessage, address: string, port: number): void {
  const via = message.via;
  if (!via) return;
  const rport = via.params.get("rport");
  const wantsPort = rport === "";
  if (!wantsPort && via.host === address) return;
  if (wantsPort) via.params.set("rport", String(port));
  // Keep the parameter order the phone wrote: received goes right before rport, or last.
  const params: Params = new Map();
  for (const [name, value] of via.params) {
    if (name === "received") continue;
    if (name === "rport") params.set("received", address);
    params.set(name, value);
  }
  if (!params.has("received")) params.set("received", address);
  // Written where it stood and kept parsed: every layer after this one reads it.
  message.setTopVia({ ...via, params });
}
