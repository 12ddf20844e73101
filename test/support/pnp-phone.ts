// A phone's PnP announcement for tests (SPEC PROV-2): one UDP socket on loopback sends a real
// phone's ua-profile SUBSCRIBE (test/fixtures/pnp) to the box's SIP port, with its Via and
// Contact rewritten to the socket, collects the answers and NOTIFYs, and answers each NOTIFY
// with 200 as a phone does.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SipHeaders } from "../../firmware/sip/message/headers.ts";
import { type SipRequest, SipResponse } from "../../firmware/sip/message/message.ts";
import { parseDatagram } from "../../firmware/sip/message/parser.ts";
import { serialize } from "../../firmware/sip/message/serializer.ts";

export const PNP_FIXTURES = join(import.meta.dir, "..", "fixtures", "pnp");

export interface PnpPhone {
  /** NOTIFYs (and any other request) the box sent, oldest first. */
  received: SipRequest[];
  /** Answers to the SUBSCRIBE. */
  responses: SipResponse[];
  close(): void;
}

/** Sends `fixture` to 127.0.0.1:`sipPort` (its Event replaced when `event` is given). */
export async function announcePnp(
  sipPort: number,
  fixture: string,
  event?: string,
): Promise<PnpPhone> {
  const received: SipRequest[] = [];
  const responses: SipResponse[] = [];
  const socket = await Bun.udpSocket({
    hostname: "127.0.0.1",
    socket: {
      data(s, data, port, address) {
        const parsed = parseDatagram(Buffer.from(data));
        if (!parsed.ok) return;
        const message = parsed.message;
        if (message.kind === "response") {
          responses.push(message);
          return;
        }
        received.push(message);
        const ok = new SipResponse(200, "OK", new SipHeaders());
        for (const name of ["via", "from", "to", "call-id", "cseq"])
          for (const value of message.headers.getAll(name)) ok.headers.add(name, value);
        ok.headers.add("content-length", "0");
        s.send(serialize(ok), port, address);
      },
    },
  });
  let text = readFileSync(join(PNP_FIXTURES, fixture), "latin1")
    .replace(/^(Via: SIP\/2\.0\/UDP )[^;\r\n]+/m, `$1127.0.0.1:${socket.port}`)
    .replace(/^Contact: <sip:([^@>]*@)?[^>]+>/m, `Contact: <sip:$1127.0.0.1:${socket.port}>`);
  if (event) text = text.replace(/^Event: .*$/m, `Event: ${event}`);
  socket.send(Buffer.from(text, "latin1"), sipPort, "127.0.0.1");
  return { received, responses, close: () => socket.close() };
}

/** The oldest item of `list` once there is one (removed from it); throws after `ms`. */
export async function nextOf<T>(list: T[], what: string, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  while (list.length === 0) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${ms} ms`);
    await Bun.sleep(10);
  }
  return list.shift()!;
}
