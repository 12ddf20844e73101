// Raw SIP peers for tests: send exact bytes over UDP, TCP or TLS on loopback and collect what
// comes back, as a phone or an attacker would see it.

import { canonicalHeaderName } from "../../firmware/sip/message/header-names.ts";
import { SipHeaders } from "../../firmware/sip/message/headers.ts";
import { SipResponse } from "../../firmware/sip/message/message.ts";

export interface RawPeer {
  readonly port: number;
  send(bytes: Uint8Array | string): void;
  /** Waits `ms`, then returns every SIP message received so far (and clears the list). */
  collect(ms: number): Promise<SipResponse[]>;
  /** Waits until a response with this status arrives (or throws after timeoutMs). */
  expect(status: number | ((r: SipResponse) => boolean), timeoutMs?: number): Promise<SipResponse>;
  close(): void;
}

/**
 * Responses read leniently: an answer to a broken request echoes the broken headers, which a
 * strict parse would refuse, so only the status line and header lines are read here.
 */
function responsesOf(chunks: Buffer[]): SipResponse[] {
  const out: SipResponse[] = [];
  for (const chunk of chunks) {
    const text = chunk.toString("utf8");
    const [head = "", body = ""] = text.split("\r\n\r\n", 2);
    const lines = head.split("\r\n");
    const status = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(lines[0] ?? "");
    if (!status) continue;
    const headers = new SipHeaders();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      if (colon > 0)
        headers.add(canonicalHeaderName(line.slice(0, colon).trim()), line.slice(colon + 1).trim());
    }
    out.push(new SipResponse(Number(status[1]), status[2] ?? "", headers, Buffer.from(body)));
  }
  return out;
}

function peer(
  port: number,
  write: (b: Uint8Array) => void,
  close: () => void,
  inbox: Buffer[],
): RawPeer {
  const received: SipResponse[] = [];
  const drain = () => {
    received.push(...responsesOf(inbox.splice(0)));
  };
  return {
    port,
    send: (bytes) => write(typeof bytes === "string" ? Buffer.from(bytes) : bytes),
    async collect(ms) {
      await Bun.sleep(ms);
      drain();
      return received.splice(0);
    },
    async expect(match, timeoutMs = 3000) {
      const test = typeof match === "number" ? (r: SipResponse) => r.status === match : match;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        drain();
        const index = received.findIndex(test);
        if (index >= 0) return received.splice(index, 1)[0]!;
        if (Date.now() > deadline) {
          throw new Error(
            `no matching response; got ${received.map((r) => r.status).join(", ") || "nothing"}`,
          );
        }
        await Bun.sleep(10);
      }
    },
    close,
  };
}

/** A UDP peer sending to the box on 127.0.0.1:`target` from `from` (another loopback address). */
export async function udpPeer(target: number, from = "127.0.0.1"): Promise<RawPeer> {
  const inbox: Buffer[] = [];
  const socket = await Bun.udpSocket({
    hostname: from,
    socket: {
      data(_s, data) {
        inbox.push(Buffer.from(data));
      },
    },
  });
  return peer(
    socket.port,
    (b) => socket.send(b, target, "127.0.0.1"),
    () => socket.close(),
    inbox,
  );
}

/** A TCP or TLS connection; responses on a stream are split at their Content-Length. */
export async function streamPeer(target: number, tls = false): Promise<RawPeer> {
  const inbox: Buffer[] = [];
  let pending = Buffer.alloc(0);
  // Bytes written before a TLS handshake completes are lost by the client: wait for it.
  let handshaken: () => void = () => {};
  const handshake = new Promise<void>((resolve) => {
    handshaken = resolve;
  });
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port: target,
    tls: tls ? { rejectUnauthorized: false } : undefined,
    socket: {
      handshake() {
        handshaken();
      },
      data(_s, data) {
        pending = Buffer.concat([pending, data]);
        for (;;) {
          const end = pending.indexOf("\r\n\r\n");
          if (end < 0) return;
          const length = Number(
            /content-length:\s*(\d+)/i.exec(pending.subarray(0, end).toString())?.[1] ?? 0,
          );
          if (pending.length < end + 4 + length) return;
          inbox.push(pending.subarray(0, end + 4 + length));
          pending = pending.subarray(end + 4 + length);
        }
      },
    },
  });
  if (tls) await handshake;
  return peer(
    socket.localPort,
    (b) => socket.write(b),
    () => socket.end(),
    inbox,
  );
}

/** An OPTIONS from a UDP peer on 127.0.0.1:`peerPort` to the box's SIP port (a liveness probe). */
export function optionsRequest(boxPort: number, peerPort: number, callId: string): string {
  return [
    `OPTIONS sip:127.0.0.1:${boxPort} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${peerPort};branch=z9hG4bK-${callId}`,
    "From: <sip:probe@127.0.0.1>;tag=1",
    "To: <sip:127.0.0.1>",
    `Call-ID: ${callId}`,
    "CSeq: 1 OPTIONS",
    "Max-Forwards: 70",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}
