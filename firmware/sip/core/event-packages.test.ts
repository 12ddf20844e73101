import { beforeEach, describe, expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import type { SipResponse } from "../message/message.ts";
import { parseDatagram } from "../message/parser.ts";
import { LoopTransport } from "../transport/loop-transport.ts";
import { parseEvent } from "./event-header.ts";
import { EventPackages } from "./event-packages.ts";
import { SipStack } from "./sip-stack.ts";

const PHONE = { protocol: "UDP" as const, address: "192.0.2.77", port: 5080 };
let loop: LoopTransport;
let served: string[];

beforeEach(() => {
  const stack = new SipStack({ clock: new ManualClock() });
  loop = new LoopTransport();
  stack.addTransport(loop);
  loop.sink = stack;
  served = [];
  const packages = new EventPackages();
  for (const name of ["dialog", "message-summary"])
    packages.add(name, {
      handle(incoming) {
        served.push(name);
        incoming.respond(200, { headers: [["expires", "60"]] });
      },
    });
  stack.on("SUBSCRIBE", packages);
});

function subscribe(event: string | undefined, branch: string): SipResponse {
  const lines = [
    "SUBSCRIBE sip:2001@192.0.2.1 SIP/2.0",
    `Via: SIP/2.0/UDP 192.0.2.77:5080;branch=z9hG4bK${branch}`,
    "Max-Forwards: 70",
    "From: <sip:2002@192.0.2.1>;tag=a1",
    "To: <sip:2001@192.0.2.1>",
    `Call-ID: ${branch}@192.0.2.77`,
    "CSeq: 1 SUBSCRIBE",
    "Contact: <sip:2002@192.0.2.77:5080>",
    ...(event === undefined ? [] : [`Event: ${event}`]),
    "Expires: 60",
    "Content-Length: 0",
  ];
  loop.deliver(new TextEncoder().encode(`${lines.join("\r\n")}\r\n\r\n`), PHONE);
  const [sent] = loop.take();
  const parsed = parseDatagram(sent!.data);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.message as SipResponse;
}

describe("SUBSCRIBE by event package (RFC 6665 §4.2.1)", () => {
  test("each package reaches its own service, whatever the case of its name", () => {
    expect(subscribe("dialog", "one").status).toBe(200);
    expect(subscribe("Message-Summary", "two").status).toBe(200);
    expect(served).toEqual(["dialog", "message-summary"]);
  });

  test("a package nobody serves is 489 naming the ones served", () => {
    const answer = subscribe("presence", "three");
    expect(answer.status).toBe(489);
    expect(answer.headers.get("allow-events")).toBe("dialog, message-summary");
    expect(served).toEqual([]);
  });

  test("a missing or malformed Event header is 400", () => {
    expect(subscribe(undefined, "four").status).toBe(400);
    expect(subscribe('dialog;id="open', "five").status).toBe(400);
    expect(served).toEqual([]);
  });
});

describe("parseEvent", () => {
  test("gives the package in lower case and parameters unquoted", () => {
    const event = parseEvent('UA-Profile;profile-type="device";vendor="Snom"');
    expect(event?.name).toBe("ua-profile");
    expect(event?.params.get("vendor")).toBe("Snom");
    expect(parseEvent("dia log")).toBeUndefined();
  });
});
