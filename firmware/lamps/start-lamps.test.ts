import { beforeEach, describe, expect, test } from "bun:test";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { EventBus } from "../events/event-bus.ts";
import type { ExtensionAuth } from "../extensions/extension-types.ts";
import { BanList } from "../registrar/ban-list.ts";
import type { Binding } from "../registrar/binding-store.ts";
import { EventPackages } from "../sip/core/event-packages.ts";
import { SipStack } from "../sip/core/sip-stack.ts";
import { silentLogger } from "../sip/logger.ts";
import { type SipRequest, SipResponse } from "../sip/message/message.ts";
import { parseDatagram } from "../sip/message/parser.ts";
import { LoopTransport } from "../sip/transport/loop-transport.ts";
import { type Lamps, startLamps } from "./start-lamps.ts";

const PHONE = { protocol: "UDP" as const, address: "192.0.2.77", port: 5080 };
let clock: ManualClock;
let loop: LoopTransport;
let events: EventBus;
let lamps: Lamps;
let counts: { newMessages: number; oldMessages: number };
let bindings: Binding[];
let unsolicited: boolean;

/** A stand-in digest server: "Digest ok-<user>" proves <user>, anything else is challenged. */
const auth = {
  challenge: () => ['Digest realm="pbx", nonce="n"'],
  verify: (authorization: string) => {
    const user = /^Digest ok-(\d+)$/.exec(authorization)?.[1];
    return user ? { kind: "ok" as const, username: user } : { kind: "rechallenge" as const };
  },
};

beforeEach(() => {
  clock = new ManualClock();
  const stack = new SipStack({ clock });
  loop = new LoopTransport();
  stack.addTransport(loop);
  loop.sink = stack;
  events = new EventBus();
  counts = { newMessages: 0, oldMessages: 0 };
  bindings = [];
  unsolicited = true;
  const subscriptions = new EventPackages();
  stack.on("SUBSCRIBE", subscriptions);
  lamps = startLamps({
    stack,
    subscriptions,
    clock,
    events,
    auth: {
      auth,
      directory: { lookup: (n) => ({ number: n }) as ExtensionAuth },
      bans: new BanList(() => clock.now()),
    },
    bindings: { get: (e) => bindings.filter((b) => b.extension === e) },
    isExtension: (n) => ["2001", "2002", "8001"].includes(n),
    extensionState: () => "idle",
    mailboxCounts: () => counts,
    domain: () => "192.0.2.1",
    sentBy: () => "192.0.2.1:5060",
    unsolicitedMwi: () => unsolicited,
    limits: { perExtension: 2 },
    log: silentLogger,
  });
});

function sent(): (SipRequest | SipResponse)[] {
  return loop.take().map((d) => {
    const parsed = parseDatagram(d.data);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.message;
  });
}

let n = 0;
function subscribe(event: string, target: string, as = "2002", authorized = true) {
  n++;
  const lines = [
    `SUBSCRIBE sip:${target}@192.0.2.1 SIP/2.0`,
    `Via: SIP/2.0/UDP 192.0.2.77:5080;branch=z9hG4bKs${n}`,
    "Max-Forwards: 70",
    `From: <sip:${as}@192.0.2.1>;tag=f${n}`,
    `To: <sip:${target}@192.0.2.1>`,
    `Call-ID: sub${n}@192.0.2.77`,
    "CSeq: 1 SUBSCRIBE",
    `Contact: <sip:${as}@192.0.2.77:5080>`,
    `Event: ${event}`,
    "Expires: 600",
    ...(authorized ? [`Authorization: Digest ok-${as}`] : []),
    "Content-Length: 0",
  ];
  loop.deliver(`${lines.join("\r\n")}\r\n\r\n`, PHONE);
  const out = sent();
  return {
    response: out.find((m): m is SipResponse => m instanceof SipResponse)!,
    notifies: out.filter((m): m is SipRequest => !(m instanceof SipResponse)),
  };
}

function answer(notify: SipRequest, status = 200): void {
  const lines = [
    `SIP/2.0 ${status} X`,
    ...(["via", "from", "to", "call-id", "cseq"] as const).map(
      (h) => `${h}: ${notify.headers.get(h)}`,
    ),
    "Content-Length: 0",
  ];
  loop.deliver(`${lines.join("\r\n")}\r\n\r\n`, PHONE);
}

const text = (m: SipRequest) => Buffer.from(m.body).toString();

describe("the lamps' subscriptions", () => {
  test("SUBSCRIBE is digest-challenged; the From must be the extension that authenticated", () => {
    expect(subscribe("dialog", "2001", "2002", false).response.status).toBe(401);
    n++;
    loop.deliver(
      `SUBSCRIBE sip:2001@192.0.2.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.77:5080;branch=z9hG4bKx${n}\r\nMax-Forwards: 70\r\nFrom: <sip:2002@192.0.2.1>;tag=t\r\nTo: <sip:2001@192.0.2.1>\r\nCall-ID: x${n}\r\nCSeq: 1 SUBSCRIBE\r\nContact: <sip:2002@192.0.2.77:5080>\r\nEvent: dialog\r\nAuthorization: Digest ok-2001\r\nContent-Length: 0\r\n\r\n`,
      PHONE,
    );
    expect((sent()[0] as SipResponse).status).toBe(403);
    expect(subscribe("dialog", "7777").response.status).toBe(404);
  });

  test("BLF: idle, then ringing with the caller, busy, idle again, each a new version", () => {
    const first = subscribe("dialog", "2001");
    expect(first.response.status).toBe(200);
    const idle = first.notifies[0]!;
    expect(idle.headers.get("content-type")).toBe("application/dialog-info+xml");
    expect(text(idle)).toContain('version="0"');
    expect(text(idle)).toContain("<state>terminated</state>");
    answer(idle);
    const peer = { number: "2003", displayName: "Front Desk", direction: "recipient" as const };
    events.emit({ type: "extension-state", extension: "2001", state: "ringing", peer, atMs: 1 });
    const [ringing] = sent() as SipRequest[];
    expect(text(ringing!)).toContain("<state>early</state>");
    expect(text(ringing!)).toContain('direction="recipient"');
    expect(text(ringing!)).toContain(
      '<identity display="Front Desk">sip:2003@192.0.2.1</identity>',
    );
    expect(text(ringing!)).toContain('version="1"');
    answer(ringing!);
    events.emit({ type: "extension-state", extension: "2001", state: "busy", peer, atMs: 2 });
    const [busy] = sent() as SipRequest[];
    expect(text(busy!)).toContain("<state>confirmed</state>");
    answer(busy!);
    events.emit({ type: "extension-state", extension: "2001", state: "idle", atMs: 3 });
    const [back] = sent() as SipRequest[];
    expect(text(back!)).toContain("<state>terminated</state>");
    expect(text(back!)).not.toContain("<remote>");
    expect(lamps.watchers()).toEqual([
      { extension: "2001", dialog: 1, presence: 0, messageSummary: 0 },
    ]);
  });

  test("MWI: the counts the mailbox lookup gives, NOTIFYed again on a mailbox event", () => {
    counts = { newMessages: 2, oldMessages: 1 };
    const { response, notifies } = subscribe("message-summary", "2002");
    expect(response.status).toBe(200);
    expect(notifies[0]!.headers.get("content-type")).toBe("application/simple-message-summary");
    expect(text(notifies[0]!)).toContain("Messages-Waiting: yes");
    expect(text(notifies[0]!)).toContain("Voice-Message: 2/1 (0/0)");
    answer(notifies[0]!);
    counts = { newMessages: 0, oldMessages: 3 };
    events.emit({ type: "mailbox", extension: "2002", newMessages: 0, oldMessages: 3, atMs: 1 });
    const [update] = sent() as SipRequest[];
    expect(text(update!)).toContain("Messages-Waiting: no");
    expect(text(update!)).toContain("Voice-Message: 0/3 (0/0)");
    // Another extension's mailbox is not for 2002 to watch; the voicemail number is its own.
    expect(subscribe("message-summary", "2001").response.status).toBe(403);
    const byCode = subscribe("message-summary", "*61");
    expect(byCode.response.status).toBe(200);
    expect(text(byCode.notifies[0]!)).toContain("Message-Account: sip:2002@192.0.2.1");
    expect(lamps.watchers()).toEqual([
      { extension: "2002", dialog: 0, presence: 0, messageSummary: 2 },
    ]);
  });

  test("unsolicited MWI goes to the registered contacts of an extension without a subscription", () => {
    bindings = [
      { extension: "2001", uri: "sip:2001@192.0.2.88:5062", flow: { ...PHONE, port: 5062 } },
    ] as Binding[];
    counts = { newMessages: 1, oldMessages: 0 };
    events.emit({ type: "mailbox", extension: "2001", newMessages: 1, oldMessages: 0, atMs: 1 });
    const [notify] = sent() as SipRequest[];
    expect(notify!.uri).toBe("sip:2001@192.0.2.88:5062");
    expect(notify!.headers.get("event")).toBe("message-summary");
    expect(text(notify!)).toContain("Messages-Waiting: yes");
    // A phone that registers hears of the messages waiting; with none it is left alone.
    const registered = {
      type: "registration" as const,
      extension: "2001",
      state: "registered" as const,
      contact: "sip:2001@192.0.2.88:5062",
      source: "UDP 192.0.2.88:5062",
      atMs: 2,
    };
    events.emit(registered);
    expect(text((sent() as SipRequest[])[0]!)).toContain("Voice-Message: 1/0 (0/0)");
    counts = { newMessages: 0, oldMessages: 0 };
    events.emit(registered);
    expect(sent()).toHaveLength(0);
    unsolicited = false;
    events.emit({ type: "mailbox", extension: "2001", newMessages: 2, oldMessages: 0, atMs: 2 });
    expect(sent()).toHaveLength(0);
  });

  test("a subscription ends with its phone's registration", () => {
    bindings = [{ extension: "2002", uri: "sip:2002@192.0.2.77:5080", flow: PHONE }] as Binding[];
    answer(subscribe("dialog", "2001").notifies[0]!);
    answer(subscribe("presence", "2001").notifies[0]!);
    bindings = [];
    events.emit({
      type: "registration",
      extension: "2002",
      state: "unregistered",
      contact: "sip:2002@192.0.2.77:5080",
      source: "UDP 192.0.2.77:5080",
      atMs: 1,
    });
    const ends = (sent() as SipRequest[]).map((m) => m.headers.get("subscription-state"));
    expect(ends).toEqual(["terminated;reason=rejected", "terminated;reason=rejected"]);
    expect(lamps.watchers()).toEqual([]);
  });

  test("presence: closed until the extension registers, then open, and on the phone in a call", () => {
    const first = subscribe("presence", "2001").notifies[0]!;
    expect(first.headers.get("content-type")).toBe("application/pidf+xml");
    expect(text(first)).toContain("<basic>closed</basic>");
    answer(first);
    bindings = [{ extension: "2001", uri: "sip:2001@192.0.2.88", flow: PHONE }] as Binding[];
    events.emit({
      type: "registration",
      extension: "2001",
      state: "registered",
      contact: "sip:2001@192.0.2.88",
      source: "UDP 192.0.2.77:5080",
      atMs: 1,
    });
    const [open] = sent() as SipRequest[];
    expect(text(open!)).toContain("<basic>open</basic>");
    expect(text(open!)).not.toContain("on-the-phone");
    answer(open!);
    events.emit({ type: "extension-state", extension: "2001", state: "busy", atMs: 2 });
    const [talking] = sent() as SipRequest[];
    expect(text(talking!)).toContain("<rpid:on-the-phone/>");
  });

  test("a deleted extension's watchers are told it is gone", () => {
    answer(subscribe("dialog", "2001").notifies[0]!);
    lamps.forget("2001");
    const [gone] = sent() as SipRequest[];
    expect(gone!.headers.get("subscription-state")).toBe("terminated;reason=noresource");
    expect(lamps.watchers()).toEqual([]);
  });

  test("an extension may hold only so many subscriptions", () => {
    expect(subscribe("dialog", "2001").response.status).toBe(200);
    expect(subscribe("dialog", "8001").response.status).toBe(200);
    const third = subscribe("presence", "2001").response;
    expect(third.status).toBe(503);
    expect(subscribe("dialog", "2001", "2001").response.status).toBe(200);
  });
});
